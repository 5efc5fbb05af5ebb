package org.ascmr.linalg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this JVM has the JDK's vector API (the incubator module {@code jdk.incubator.vector},
 * which conf/jvm-options adds to every ascmr JVM). The kernels that use it ({@link VectorMatmul},
 * {@link VectorExp}, {@link VectorBiasLeaky}, {@link VectorSquaredDistance},
 * {@code org.ascmr.data.VectorSplitMix}) give the bits of their scalar loops, so without it only
 * the speed changes; their classes are only loaded when it is present.
 */
public final class VectorApi {
  private static final Logger LOG = LoggerFactory.getLogger(VectorApi.class);
  private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  static {
    if (!PRESENT) {
      LOG.warn("jdk.incubator.vector is not in this JVM (started without conf/jvm-options?): matrix products,"
          + " exponentials and noise run in scalar loops, several times slower; the results are the same");
    }
  }

  private VectorApi() {}

  public static boolean present() {
    return PRESENT;
  }
}
