package org.ascmr.allocate;

import java.io.Serializable;

/**
 * Per-cluster summary for the cluster solver, mergeable across partitions: member count n_c,
 * labelled count l_c and the sum s_c of the members' unit vectors, from which the mean pairwise
 * cosine is rho_c = (||s_c||^2 - n_c) / (n_c (n_c - 1)), clamped at 0 (method.md §6).
 */
public final class ClusterSums implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] sum;
  private long n;
  private long labelled;

  public ClusterSums(int dim) {
    this.sum = new double[dim];
  }

  public ClusterSums add(float[] u, boolean isLabelled) {
    if (u.length != sum.length) throw new IllegalArgumentException("expected " + sum.length + " values, got " + u.length);
    for (int d = 0; d < u.length; d++) sum[d] += u[d];
    n++;
    if (isLabelled) labelled++;
    return this;
  }

  public ClusterSums merge(ClusterSums o) {
    for (int d = 0; d < sum.length; d++) sum[d] += o.sum[d];
    n += o.n;
    labelled += o.labelled;
    return this;
  }

  public long size() {
    return n;
  }

  public long labelled() {
    return labelled;
  }

  public double[] sum() {
    return sum;
  }

  /** Mean pairwise cosine of the members (unit vectors), clamped at 0; 0 for fewer than 2. */
  public double rho() {
    return rho(sum, n);
  }

  public static double rho(double[] sum, long n) {
    if (n < 2) return 0.0;
    double sq = 0;
    for (double v : sum) sq += v * v;
    return Math.max(0.0, (sq - n) / ((double) n * (n - 1)));
  }
}
