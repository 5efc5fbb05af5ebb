package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.ascmr.data.SeededSplit;
import org.junit.jupiter.api.Test;

class ZigguratTest {

  @Test
  void sameStreamGivesTheSameValuesAndAnotherStreamOthers() {
    float[] a = new float[1001];
    float[] b = new float[1001];
    Ziggurat.gaussians(SeededSplit.key(3, 1, "x"), a, 0, a.length);
    Ziggurat.gaussians(SeededSplit.key(3, 1, "x"), b, 0, b.length);
    assertArrayEquals(a, b);
    Ziggurat.gaussians(SeededSplit.key(3, 1, "y"), b, 0, b.length);
    assertFalse(Arrays.equals(a, b));
    // a prefix of a longer draw, written at an offset
    float[] c = new float[1010];
    Ziggurat.gaussians(SeededSplit.key(3, 1, "x"), c, 9, 500);
    assertArrayEquals(Arrays.copyOf(a, 500), Arrays.copyOfRange(c, 9, 509));
  }

  /**
   * The empirical CDF of 1,000,000 values against Phi at points from the centre to the tail
   * (the tail beyond r = 3.44 is a separate branch): Kolmogorov-Smirnov distance at these points
   * below 0.002 (the 1% critical value at this n is 0.0016 for the whole curve), and symmetric.
   */
  @Test
  void valuesAreStandardNormalIncludingTheTail() {
    int n = 1_000_000;
    float[] x = new float[n];
    for (int i = 0; i < n; i += 1000) Ziggurat.gaussians(SeededSplit.key(0, 7, (long) i), x, i, 1000);
    Arrays.sort(x);
    NormalDistribution phi = new NormalDistribution(0, 1);
    for (double t : new double[] {-4.5, -3.6, -3.0, -2.0, -1.0, -0.3, 0.0, 0.5, 1.5, 2.5, 3.3, 3.6, 4.5}) {
      int below = lowerBound(x, (float) t);
      assertEquals(phi.cumulativeProbability(t), below / (double) n, 0.002, "F(" + t + ")");
    }
    // the tail branch is used and lands where the density says: P(|Z| > 3.6) = 3.18e-4
    int beyond = lowerBound(x, -3.6f) + (n - lowerBound(x, 3.6f));
    assertEquals(3.18e-4, beyond / (double) n, 0.6e-4);
    assertTrue(x[0] < -4 && x[n - 1] > 4, "extremes " + x[0] + ", " + x[n - 1]);
    double sq = 0;
    for (float v : x) sq += v * v;
    assertEquals(1, sq / n, 0.005);
  }

  /**
   * The block-wise generator (draws mixed 64 at a time, a rejection dropping the rest of its
   * block) gives the values of the plain one-draw-after-the-other loop below, bit for bit, over
   * enough values to pass through thousands of wedge and tail rejections, at odd lengths.
   */
  @Test
  void blocksGiveTheValuesOfOneDrawAfterTheOther() {
    for (int n : new int[] {1, 63, 64, 65, 3584, 200_003}) {
      long state = SeededSplit.key(5, 2, (long) n);
      float[] got = new float[n];
      Ziggurat.gaussians(state, got, 0, n);
      float[] want = new float[n];
      oneByOne(state, want);
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "n = " + n + ", value " + i);
      }
    }
  }

  /** The reference: one draw at a time, every branch inline. */
  private static void oneByOne(long state, float[] out) {
    long s = state;
    for (int i = 0; i < out.length; i++) {
      double z;
      while (true) {
        long bits = SeededSplit.mix(s += Noise.GOLDEN);
        int layer = (int) (bits & (Ziggurat.LAYERS - 1));
        boolean negative = (bits & Ziggurat.LAYERS) != 0;
        z = SeededSplit.unit(bits) * Ziggurat.X[layer];
        if (z < Ziggurat.X[layer + 1]) {
          z = negative ? -z : z;
          break;
        }
        if (layer == 0) {
          double a;
          double b;
          do {
            a = -StrictMath.log(1 - Noise.uniform(s += Noise.GOLDEN)) / Ziggurat.R;
            b = -StrictMath.log(1 - Noise.uniform(s += Noise.GOLDEN));
          } while (2 * b < a * a);
          z = negative ? -(Ziggurat.R + a) : Ziggurat.R + a;
          break;
        }
        double y = Ziggurat.F[layer] + Noise.uniform(s += Noise.GOLDEN) * (Ziggurat.F[layer + 1] - Ziggurat.F[layer]);
        if (y < Ziggurat.f(z)) {
          z = negative ? -z : z;
          break;
        }
      }
      out[i] = (float) z;
    }
  }

  private static int lowerBound(float[] sorted, float t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}
