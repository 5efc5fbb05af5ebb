package org.ascmr.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TypicalityTest {
  /**
   * The blocked, parallel computation gives the bits of one dot product per pair (what the coverage
   * selections measured in docs/results.md used): 1,100 rows cross a column block and leave a
   * partial row block, with repeated rows (distance 0) among them.
   */
  @Test
  void blockedTypicalityHasTheBitsOfPairwiseDotProducts() {
    Random r = new Random(3);
    float[][] x = new float[1100][7];
    for (float[] row : x) for (int c = 0; c < row.length; c++) row[c] = (float) r.nextGaussian();
    x[500] = x[17].clone();
    assertArrayEquals(pairwise(x, 20), Typicality.of(x, 20));
  }

  @Test
  void aPointInADenseRegionIsMoreTypicalThanAnOutlier() {
    float[][] x = {{0, 0}, {0.1f, 0}, {0, 0.1f}, {0.1f, 0.1f}, {5, 5}};
    double[] t = Typicality.of(x, 2);
    for (int i = 0; i < 4; i++) assertTrue(t[i] > t[4], i + ": " + t[i] + " vs outlier " + t[4]);
    assertEquals(0, Typicality.of(new float[][] {{1, 2}}, 3)[0]);
  }

  /** The reference: 1 / mean distance to the k nearest, one dot product per pair. */
  private static double[] pairwise(float[][] x, int neighbours) {
    int n = x.length;
    int k = Math.min(neighbours, n - 1);
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) norms[i] = Typicality.dot(x[i], x[i]);
    double[] out = new double[n];
    double[] d2 = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        d2[j] = j == i ? Double.POSITIVE_INFINITY : Math.max(0, norms[i] + norms[j] - 2 * Typicality.dot(x[i], x[j]));
      }
      double sum = 0;
      for (double d : Typicality.smallest(d2, k)) sum += Math.sqrt(d);
      out[i] = 1.0 / (1e-12 + sum / k);
    }
    return out;
  }
}
