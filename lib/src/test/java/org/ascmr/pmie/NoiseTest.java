package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseTest {

  @Test
  void sameSeedSaltAndIdGiveTheSameValues() {
    float[] a = new float[101];
    float[] b = new float[101];
    Noise.gaussians(Noise.itemState(3, 1, Noise.hashId("x")), a, 0, a.length);
    Noise.gaussians(Noise.itemState(3, 1, Noise.hashId("x")), b, 0, b.length);
    assertArrayEquals(a, b);
    Noise.gaussians(Noise.itemState(4, 1, Noise.hashId("x")), b, 0, b.length);
    assertFalse(Arrays.equals(a, b));
    Noise.gaussians(Noise.itemState(3, 1, Noise.hashId("y")), b, 0, b.length);
    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void fnvHashHandValue() {
    // FNV-1a 64 of the empty string is its offset basis; of "a" the published test vector.
    assertEquals(0xcbf29ce484222325L, Noise.hashId(""));
    assertEquals(0xaf63dc4c8601ec8cL, Noise.hashId("a"));
  }

  @Test
  void valuesAreStandardNormal() {
    int n = 200_000;
    float[] x = new float[n];
    Noise.gaussians(Noise.itemState(0, 0, 42), x, 0, n);
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

  @Test
  void uniformIsInUnitInterval() {
    for (int i = 0; i < 1000; i++) {
      double u = Noise.uniform(1, 2, "id" + i);
      assertTrue(u >= 0 && u < 1);
    }
  }
}
