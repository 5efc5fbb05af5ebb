package org.ascmr.strategy;

import java.nio.charset.StandardCharsets;

/**
 * Seeded pseudo-random keys per item id: sorting by them gives a random order that depends only
 * on (seed, salt, id), never on partitioning or input order. Used for random selection, the
 * initial labelled set and sample draws.
 */
public final class SeededOrder {
  private SeededOrder() {}

  /** A well-mixed 64-bit key of (seed, salt, id). */
  public static long key(long seed, long salt, String id) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L) ^ mix(salt + 0x632BE59BD9B4E019L);
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) h = mix(h ^ (b & 0xff));
    return mix(h);
  }

  /** A uniform double in [0, 1) from the key: for Bernoulli sampling at a given rate. */
  public static double unit(long seed, long salt, String id) {
    return (key(seed, salt, id) >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64 finaliser. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
