package org.ascmr.features.encode;

import java.util.List;

/**
 * A model that turns texts into fixed-length vectors, batched. One instance is shared by the tasks
 * of an executor JVM: {@link #encode} must be safe to call from several threads.
 */
public interface TextEncoder extends AutoCloseable {

  EncoderInfo info();

  /** One vector of {@code info().dim()} floats per text, in input order. */
  float[][] encode(List<String> texts);

  @Override
  default void close() {}
}
