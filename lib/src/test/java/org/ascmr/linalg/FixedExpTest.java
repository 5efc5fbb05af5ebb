package org.ascmr.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedExpTest {

  /** Within 2 ulp of StrictMath.exp over the whole domain and densely where the scorer uses it. */
  @Test
  void withinTwoUlpOfStrictMath() {
    Random r = new Random(5);
    double worst = 0;
    for (int i = 0; i < 400_000; i++) {
      double x = i % 2 == 0 ? -708 + 1417 * r.nextDouble() : -30 + 40 * r.nextDouble();
      double want = StrictMath.exp(x);
      double ulps = Math.abs(FixedExp.exp(x) - want) / Math.ulp(want);
      worst = Math.max(worst, ulps);
    }
    assertTrue(worst <= 2, "worst error " + worst + " ulp");
  }

  @Test
  void edgesOfTheDomain() {
    assertEquals(1.0, FixedExp.exp(0.0), 0.0);
    assertEquals(1.0, FixedExp.exp(-0.0), 0.0);
    assertEquals(Math.E, FixedExp.exp(1.0), Math.ulp(Math.E));
    assertEquals(0.0, FixedExp.exp(-708.5), 0.0);
    assertEquals(0.0, FixedExp.exp(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, FixedExp.exp(709.5), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, FixedExp.exp(Double.POSITIVE_INFINITY), 0.0);
    assertTrue(Double.isNaN(FixedExp.exp(Double.NaN)));
    double e709 = StrictMath.exp(709.0);
    assertEquals(e709, FixedExp.exp(709.0), 2 * Math.ulp(e709));
    double e708 = StrictMath.exp(-708.0);
    assertEquals(e708, FixedExp.exp(-708.0), 2 * Math.ulp(e708));
  }

  /** The array form runs on vectors (conf/jvm-options adds the API) and gives the scalar bits, tails included. */
  @Test
  void arrayFormGivesTheScalarBits() {
    assertTrue(VectorApi.present(), "the test JVM should have jdk.incubator.vector (conf/jvm-options)");
    Random r = new Random(6);
    for (int n : new int[] {1, 7, 8, 9, 31, 256, 1001}) {
      double[] x = new double[n + 3];
      for (int i = 0; i < x.length; i++) x[i] = -800 + 1600 * r.nextDouble();
      x[3 % x.length] = Double.NaN;
      x[(5 % x.length)] = -0.0;
      double[] vector = new double[n + 2];
      double[] scalar = new double[n + 2];
      FixedExp.exp(x, 3, n, vector, 2);
      FixedExp.expScalar(x, 3, n, scalar, 2);
      assertArrayEquals(scalar, vector, 0.0, "n = " + n);
      for (int i = 0; i < n; i++) assertEquals(Double.doubleToRawLongBits(FixedExp.exp(x[3 + i])),
          Double.doubleToRawLongBits(vector[2 + i]), "n = " + n + ", i = " + i);
    }
  }
}
