package org.ascmr.model;

import static org.ascmr.data.SeededSplit.mix;

/**
 * Derived seeds: one stream per (seed, purpose, index...) so that, e.g., worker 3 of epoch 7 draws
 * the same row order and dropout masks in every run, whatever ran before it in the JVM.
 */
public final class Seeds {
  private Seeds() {}

  /** A seed for {@code parts} under {@code seed}, order-sensitive. */
  public static long derive(long seed, long... parts) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (long p : parts) h = mix(h + 0x9E3779B97F4A7C15L * (p + 1));
    return h;
  }
}
