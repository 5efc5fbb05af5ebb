package org.ascmr.features.encode;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A model that turns decoded images into fixed-length vectors. Preprocessing is per image (so a
 * bad image is rejected on its own row, with its reason); the forward pass is batched (so a
 * partition's images go through the network a batch at a time). One instance is shared by the
 * tasks of an executor JVM: {@link #encode} must be safe to call from several threads.
 */
public interface ImageEncoder extends AutoCloseable {

  EncoderInfo info();

  /** Floats per preprocessed image (e.g. 224 * 224 * 3). */
  int inputLength();

  /**
   * Resizes and normalises one image into the network's input layout.
   *
   * @throws IllegalArgumentException with a reason a user can act on (e.g. "image is 0 x 12
   *     pixels: cannot resize to 224 x 224"); the caller adds the file name and row
   */
  float[] preprocess(BufferedImage image);

  /** One vector of {@code info().dim()} floats per preprocessed input, in input order. */
  float[][] encode(List<float[]> inputs);

  @Override
  default void close() {}
}
