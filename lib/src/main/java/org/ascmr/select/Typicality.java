package org.ascmr.select;

import java.util.Arrays;

/**
 * Typicality of each vector: 1 / (mean Euclidean distance to its K nearest other vectors). Exact,
 * by brute force over all pairs in row blocks: O(n^2 d), meant for the driver-side candidate sets
 * of the experiment (a few thousand to tens of thousands of pairs). A pool of millions gets its
 * neighbours from the density stage's kNN graph instead.
 */
public final class Typicality {
  private Typicality() {}

  public static double[] of(float[][] x, int neighbours) {
    int n = x.length;
    int k = Math.min(neighbours, n - 1);
    double[] out = new double[n];
    if (k <= 0) return out;
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) norms[i] = dot(x[i], x[i]);
    double[] d2 = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) d2[j] = j == i ? Double.POSITIVE_INFINITY : Math.max(0, norms[i] + norms[j] - 2 * dot(x[i], x[j]));
      double[] nearest = smallest(d2, k);
      double sum = 0;
      for (double d : nearest) sum += Math.sqrt(d);
      out[i] = 1.0 / (1e-12 + sum / k);
    }
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
