package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InputNormaliserTest {

  @Test
  void oneScaleHandValues() {
    // dims: (0, 2, 4) and (1, 1, 1): means 2 and 1, variances 8/3 and 0, mean variance 4/3
    float[][] x = {{0, 1}, {2, 1}, {4, 1}};
    InputNormaliser n = InputNormaliser.fit(x, new int[] {0, 1, 2}, 2, 0);
    assertFalse(n.whitens());
    float s = (float) Math.sqrt(4.0 / 3);
    assertArrayEquals(new float[] {2 / s, 0}, n.apply(x[2]), 1e-6f);
    assertArrayEquals(new float[] {-2 / s, 0}, n.apply(x[0]), 1e-6f);
  }

  @Test
  void whiteningWithoutRidgeGivesIdentityCovariance() {
    Random r = new Random(1);
    int n = 4000;
    float[][] x = new float[n][3];
    for (float[] row : x) {
      double a = r.nextGaussian();
      double b = r.nextGaussian();
      row[0] = (float) (3 * a + 1);
      row[1] = (float) (a + 0.1 * b);
      row[2] = (float) (0.01 * r.nextGaussian());
    }
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = i;
    InputNormaliser norm = InputNormaliser.fit(x, rows, 3, 1e-9);
    assertTrue(norm.whitens());
    double[][] cov = new double[3][3];
    for (float[] row : x) {
      float[] z = norm.apply(row);
      for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) cov[i][j] += (double) z[i] * z[j] / n;
    }
    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(i == j ? 1 : 0, cov[i][j], 1e-3);
  }

  @Test
  void batchAndRowGiveTheSameBits() {
    Random r = new Random(2);
    float[][] x = new float[50][7];
    for (float[] row : x) for (int j = 0; j < 7; j++) row[j] = (float) r.nextGaussian();
    int[] rows = new int[50];
    for (int i = 0; i < 50; i++) rows[i] = i;
    InputNormaliser norm = InputNormaliser.fit(x, rows, 7, 10);
    float[] flat = new float[50 * 7];
    for (int i = 0; i < 50; i++) System.arraycopy(x[i], 0, flat, i * 7, 7);
    float[] out = new float[50 * 7];
    norm.apply(flat, 50, out, new float[50 * 7]);
    for (int i = 0; i < 50; i++) {
      float[] one = norm.apply(x[i]);
      for (int j = 0; j < 7; j++) assertEquals(one[j], out[i * 7 + j], 0f);
    }
  }
}
