package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.ascmr.data.SeededSplit;
import org.junit.jupiter.api.Test;

class NoiseTest {

  @Test
  void sameSeedSaltAndIdGiveTheSameValues() {
    float[] a = new float[101];
    float[] b = new float[101];
    Noise.gaussians(SeededSplit.key(3, 1, "x"), a, 0, a.length);
    Noise.gaussians(SeededSplit.key(3, 1, "x"), b, 0, b.length);
    assertArrayEquals(a, b);
    Noise.gaussians(SeededSplit.key(4, 1, "x"), b, 0, b.length);
    assertFalse(Arrays.equals(a, b));
    Noise.gaussians(SeededSplit.key(3, 1, "y"), b, 0, b.length);
    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void valuesAreStandardNormal() {
    int n = 200_000;
    float[] x = new float[n];
    Noise.gaussians(SeededSplit.key(0, 0, 42L), x, 0, n);
    double mean = 0;
    double sq = 0;
    int beyond2 = 0;
    for (float v : x) {
      mean += v;
      sq += v * v;
      if (Math.abs(v) > 2) beyond2++;
    }
    mean /= n;
    double var = sq / n - mean * mean;
    // standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032
    assertEquals(0, mean, 0.011);
    assertEquals(1, var, 0.016);
    assertEquals(0.0455, beyond2 / (double) n, 0.003);
  }

  /** The item's key from its id and from its precomputed hash are the same stream start. */
  @Test
  void keyFromHashEqualsKeyFromId() {
    assertEquals(SeededSplit.key(3, 1, "x"), SeededSplit.key(3, 1, SeededSplit.fnv1a64("x")));
  }
}
