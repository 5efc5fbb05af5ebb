package org.ascmr.pmie;

import org.ascmr.data.SeededSplit;

/**
 * Monte-Carlo noise that depends only on (seed, salt, item id): a scored pair gets the same
 * eps whichever partition, batch or executor it lands in, on any JVM. An item's stream starts at
 * its {@link SeededSplit#key(long, long, long) seeded key}; values come from SplitMix64 steps
 * and Marsaglia's polar method with StrictMath (fdlibm), so they are bit-for-bit portable.
 */
public final class Noise {
  /** Salt of the noise used when scoring (training epochs use their epoch number). */
  public static final long SCORING_SALT = 0x5C0E5C0E5C0EL;

  private Noise() {}

  /** Fills {@code out[from, from + n)} with standard normal values from the stream at {@code state}. */
  public static void gaussians(long state, float[] out, int from, int n) {
    long s = state;
    int i = from;
    int end = from + n;
    while (i < end) {
      double u;
      double v;
      double q;
      do {
        u = uniform(s += GOLDEN) * 2 - 1;
        v = uniform(s += GOLDEN) * 2 - 1;
        q = u * u + v * v;
      } while (q >= 1 || q == 0);
      double f = StrictMath.sqrt(-2 * StrictMath.log(q) / q);
      out[i++] = (float) (u * f);
      if (i < end) out[i++] = (float) (v * f);
    }
  }

  /** SplitMix64's increment: consecutive states of one stream differ by it. */
  static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** Uniform in [0, 1) from one stream state (SplitMix64's output function, top 53 bits). */
  static double uniform(long state) {
    return SeededSplit.unit(SeededSplit.mix(state));
  }
}
