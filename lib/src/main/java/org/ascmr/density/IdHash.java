package org.ascmr.density;

import java.nio.charset.StandardCharsets;
import org.ascmr.data.SeededSplit;

/**
 * A stable 64-bit hash of (seed, id): the same on every JVM, machine and Spark partition, so
 * samples drawn by it ("keep the rows whose hash is below a threshold") do not depend on how the
 * data happen to be partitioned. FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser.
 */
public final class IdHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private IdHash() {}

  public static long hash(long seed, String id) {
    long h = FNV_OFFSET ^ SeededSplit.mix(seed);
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return SeededSplit.mix(h ^ bytes.length);
  }

  /** Uniform in [0, 1): the top 53 bits of {@link #hash}. */
  public static double unit(long seed, String id) {
    return SeededSplit.unit(hash(seed, id));
  }
}
