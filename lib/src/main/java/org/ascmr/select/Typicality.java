package org.ascmr.select;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.ascmr.linalg.ColumnDots;

/**
 * Typicality of each vector: 1 / (mean Euclidean distance to its K nearest other vectors). Exact,
 * by brute force over all pairs in blocks: O(n^2 d), meant for the driver-side candidate sets
 * of the experiment (a few thousand to tens of thousands of pairs). A pool of millions gets its
 * neighbours from the density stage's kNN graph instead.
 */
public final class Typicality {
  private Typicality() {}

  /** Query rows that share one pass over a block of columns. */
  private static final int ROW_BLOCK = 32;
  /** Columns per block: 1,024 x 64 dims of doubles = 512 KB, held in cache while a row block reads them. */
  private static final int COLUMN_BLOCK = 1024;

  /**
   * Row i's squared distances come from the dot products x_i . x_j, each summed over the dimensions
   * in ascending order from 0 in double precision (the products of floats are exact in double), as
   * {@link #dot} sums them, so the values are the same bits whatever the blocking or the threads.
   * The products are computed a block of rows against a block of columns at a time, the loop along
   * the columns (which the JIT vectorises), and row blocks run in parallel: the pairwise loop of
   * one dot product at a time took minutes on the driver for the 50,000 pairs of a large pool's
   * coverage sample.
   */
  public static double[] of(float[][] x, int neighbours) {
    int n = x.length;
    int k = Math.min(neighbours, n - 1);
    double[] out = new double[n];
    if (k <= 0) return out;
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) norms[i] = dot(x[i], x[i]);
    int dims = x[0].length;
    double[][] wide = new double[n][dims]; // widened once, not in the inner loop (floats are exact in double)
    for (int i = 0; i < n; i++) {
      if (x[i].length != dims) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, row 0 has " + dims);
      }
      for (int c = 0; c < dims; c++) wide[i][c] = x[i][c];
    }
    double[][] columns = ColumnDots.transpose(wide);
    int blocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
    IntStream.range(0, blocks).parallel().forEach(b -> {
      int from = b * ROW_BLOCK;
      int to = Math.min(n, from + ROW_BLOCK);
      double[][] dots = new double[to - from][n];
      for (int j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
        int j1 = Math.min(n, j0 + COLUMN_BLOCK);
        for (int i = from; i < to; i++) ColumnDots.accumulate(wide[i], columns, j0, j1, dots[i - from]);
      }
      for (int i = from; i < to; i++) {
        double[] d2 = dots[i - from];
        for (int j = 0; j < n; j++) {
          d2[j] = j == i ? Double.POSITIVE_INFINITY : Math.max(0, norms[i] + norms[j] - 2 * d2[j]);
        }
        double[] nearest = smallest(d2, k);
        double sum = 0;
        for (double d : nearest) sum += Math.sqrt(d);
        out[i] = 1.0 / (1e-12 + sum / k);
      }
    });
    return out;
  }

  /** The k smallest values of v (unordered), by a bounded max-heap. */
  static double[] smallest(double[] v, int k) {
    double[] heap = new double[k];
    Arrays.fill(heap, Double.POSITIVE_INFINITY);
    for (double d : v) {
      if (d >= heap[0]) continue;
      heap[0] = d;
      siftDown(heap);
    }
    return heap;
  }

  private static void siftDown(double[] h) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int m = i;
      if (l < h.length && h[l] > h[m]) m = l;
      if (r < h.length && h[r] > h[m]) m = r;
      if (m == i) return;
      double t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }
}
