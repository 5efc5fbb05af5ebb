package org.ascmr.pmie;

import org.ascmr.data.SplitMixBlock;
import org.ascmr.linalg.FixedExp;

import org.ascmr.data.SeededSplit;

/**
 * Standard normal values for the sampled scoring (method.md §4: eps ~ N(0, I)), from the same
 * kind of (seed, salt, id) stream as {@link Noise} but by Marsaglia and Tsang's ziggurat method.
 * Scoring draws 2 K E' values per pair (3,584 at K = 7, E' = 256); the polar method pays one
 * StrictMath.log per two values, which cost more than the pair's matrix products. Here about 99%
 * of the values take one SplitMix64 step, one multiply and one comparison; the rest (wedges and
 * the tail) use {@link FixedExp} and StrictMath.log, and the table is built with the same, so the
 * values have the same bits on every JVM. The distribution is N(0, 1) up to the density's own
 * rounding (FixedExp is within 2 ulp), not an approximation.
 *
 * <p>The density f(x) = exp(-x^2 / 2) is covered by {@link #LAYERS} horizontal strips of equal
 * area: strip i &gt;= 1 spans heights f(x_i) to f(x_{i+1}) with width x_i, and strip 0 is the base
 * rectangle of height f(r) and width v / f(r) plus the tail beyond r. A uniform point of strip i
 * left of x_{i+1} lies under the curve and is accepted at once.
 */
public final class Ziggurat {
  /** Draws mixed per block: about one in 80 draws is rejected, which drops the rest of its block. */
  private static final int CHUNK = 64;
  /** Number of strips; 128 with the matching r and v below. */
  static final int LAYERS = 128;
  /** Right edge of the base strip (where the tail starts). */
  static final double R = 3.442619855899;
  /** Area of each strip. */
  private static final double V = 9.91256303526217e-3;
  /** x_0 = v / f(r), x_1 = r, ..., x_LAYERS = 0. */
  static final double[] X = new double[LAYERS + 1];
  /** f(x_i). */
  static final double[] F = new double[LAYERS + 1];

  static {
    X[0] = V / f(R);
    X[1] = R;
    for (int i = 2; i < LAYERS; i++) X[i] = StrictMath.sqrt(-2 * StrictMath.log(f(X[i - 1]) + V / X[i - 1]));
    X[LAYERS] = 0;
    for (int i = 0; i <= LAYERS; i++) F[i] = f(X[i]);
  }

  private Ziggurat() {}

  /** Fills {@code out[from, from + n)} with standard normal values from the stream at {@code state}. */
  public static void gaussians(long state, float[] out, int from, int n) {
    long[] draws = new long[CHUNK];
    long s = state;
    int i = from;
    int end = from + n;
    while (i < end) {
      // The next draws of the stream, mixed as a block (on vectors); the accepted-at-once case in a
      // tight loop, branch-free but for the test, and the rest in rejected(), out of it. After a
      // rejection the block's remaining draws are dropped and the stream goes on from where
      // rejected() left it, so the values are those of one draw after the other.
      int m = Math.min(CHUNK, end - i);
      SplitMixBlock.fill(s, Noise.GOLDEN, draws, m);
      int used = 0;
      for (; used < m; used++) {
        long bits = draws[used];
        int layer = (int) (bits & (LAYERS - 1));
        double z = SeededSplit.unit(bits) * X[layer];
        if (!(z < X[layer + 1])) break;
        // negating before or after the rounding to float gives the same bits; here by the sign bit
        out[i + used] = Float.intBitsToFloat(Float.floatToRawIntBits((float) z) ^ (int) ((bits & LAYERS) << 24));
      }
      i += used;
      s += used * Noise.GOLDEN;
      if (used < m) s = rejected(s + Noise.GOLDEN, draws[used], out, i++);
    }
  }

  /**
   * Goes on from a draw {@code bits} that the inner rectangle did not accept: the tail or the
   * wedge test, then further draws until one is accepted, into {@code out[i]}. Returns the stream
   * state after the last draw used.
   */
  private static long rejected(long state, long bits, float[] out, int i) {
    long s = state;
    while (true) {
      int layer = (int) (bits & (LAYERS - 1));
      boolean negative = (bits & LAYERS) != 0;
      double z = SeededSplit.unit(bits) * X[layer];
      if (z < X[layer + 1]) {
        out[i] = (float) (negative ? -z : z);
        return s;
      }
      if (layer == 0) {
        // the tail beyond r (Marsaglia 1964): r + a with a exponential, accepted w.p. exp(-a^2 / 2)
        double a;
        double b;
        do {
          a = -StrictMath.log(1 - Noise.uniform(s += Noise.GOLDEN)) / R;
          b = -StrictMath.log(1 - Noise.uniform(s += Noise.GOLDEN));
        } while (2 * b < a * a);
        out[i] = (float) (negative ? -(R + a) : R + a);
        return s;
      }
      // the wedge between the inner rectangle and the curve
      double y = F[layer] + Noise.uniform(s += Noise.GOLDEN) * (F[layer + 1] - F[layer]);
      if (y < f(z)) {
        out[i] = (float) (negative ? -z : z);
        return s;
      }
      bits = SeededSplit.mix(s += Noise.GOLDEN);
    }
  }

  /** exp(-x^2 / 2) by {@link FixedExp}: portable like StrictMath and several times cheaper in the wedges. */
  static double f(double x) {
    return FixedExp.exp(-0.5 * x * x);
  }
}
