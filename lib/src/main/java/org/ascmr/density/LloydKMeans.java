package org.ascmr.density;

/**
 * Lloyd's k-means on a small in-memory sample, for the coarse clusters of the IVF index (FAISS's
 * IVF training does the same: random initial centroids, a few Lloyd iterations; coarse clusters
 * need no convergence). The caller picks the initial centroids (a seeded choice); each iteration
 * assigns every row to its nearest centroid ({@link CoarseQuantizer#probesOfMany}, sgemm with the
 * fixed-order rescoring, so the assignment is exact and deterministic) and moves each centroid to
 * the mean of its rows, summed in double in row order; a centroid without rows stays where it is.
 * The result is a pure function of the rows, their order and the initial centroids.
 */
public final class LloydKMeans {
  private LloydKMeans() {}

  /** Centroids after {@code iterations} Lloyd steps from {@code initial}; {@code rows} holds m x dim floats. */
  public static float[][] fit(float[] rows, int m, int dim, float[][] initial, int iterations) {
    float[][] centroids = new float[initial.length][];
    for (int c = 0; c < initial.length; c++) centroids[c] = initial[c].clone();
    for (int it = 0; it < iterations; it++) {
      int[][] nearest = new CoarseQuantizer(centroids).probesOfMany(rows, m, 1);
      double[][] sums = new double[centroids.length][dim];
      long[] counts = new long[centroids.length];
      for (int i = 0; i < m; i++) {
        int c = nearest[i][0];
        counts[c]++;
        for (int d = 0; d < dim; d++) sums[c][d] += rows[i * dim + d];
      }
      for (int c = 0; c < centroids.length; c++) {
        if (counts[c] == 0) continue;
        for (int d = 0; d < dim; d++) centroids[c][d] = (float) (sums[c][d] / counts[c]);
      }
    }
    return centroids;
  }
}
