package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CoarseQuantizerTest {

  @Test
  void probesNearestFirstTiesToLowerIndex() {
    // Centroids 0 and 2 are the same point: equally near, 0 comes first.
    CoarseQuantizer q = new CoarseQuantizer(new float[][] {{1, 0}, {0, 1}, {1, 0}, {-1, 0}});
    float[] scratch = q.newScratch();
    assertArrayEquals(new int[] {0, 2, 1}, q.probes(new float[] {0.8f, 0.6f}, 3, scratch));
    assertArrayEquals(new int[] {1, 0, 2, 3}, q.probes(new float[] {0f, 1f}, 9, scratch));
    assertEquals(3, q.nearest(new float[] {-0.6f, -0.8f}, scratch));
  }

  @Test
  void nearestIsEuclideanNotCosine() {
    // x = (1, 0): the short centroid (0.5, 0) is at distance 0.5; the long (2, 1) at sqrt 2.
    CoarseQuantizer q = new CoarseQuantizer(new float[][] {{2, 1}, {0.5f, 0}});
    assertEquals(1, q.nearest(new float[] {1, 0}, q.newScratch()));
  }

  /** The sgemm path gives exactly the one-by-one probes, ties included (duplicated centroids). */
  @Test
  void probesOfManyEqualProbesOneByOne() {
    java.util.Random r = new java.util.Random(9);
    int dim = 64;
    float[][] centroids = new float[300][dim];
    for (int c = 0; c < centroids.length; c++) {
      if (c % 10 == 9) {
        centroids[c] = centroids[c - 1].clone();
        continue;
      }
      for (int d = 0; d < dim; d++) centroids[c][d] = (float) (0.3 * r.nextGaussian());
    }
    CoarseQuantizer q = new CoarseQuantizer(centroids);
    int m = 1100; // more than one sgemm tile
    float[] xs = new float[m * dim];
    for (int i = 0; i < m; i++) {
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) v[d] = (float) r.nextGaussian();
      v = i % 3 == 0 ? Vectors.normalise(centroids[i % 300]) : Vectors.normalise(v);
      System.arraycopy(v, 0, xs, i * dim, dim);
    }
    int[][] many = q.probesOfMany(xs, m, 6);
    float[] scratch = q.newScratch();
    for (int i = 0; i < m; i++) {
      int[] one = q.probes(java.util.Arrays.copyOfRange(xs, i * dim, (i + 1) * dim), 6, scratch);
      assertArrayEquals(one, many[i], "vector " + i);
    }
  }
}
