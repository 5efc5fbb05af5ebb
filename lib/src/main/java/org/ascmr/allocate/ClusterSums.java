package org.ascmr.allocate;

import java.io.Serializable;

/**
 * Per-cluster summary for the cluster solver, mergeable across partitions: member count n_c,
 * labelled count l_c, the sum s_c of the members' vectors and the sum q_c of their squared
 * norms, from which the mean pairwise dot product is rho_c = (||s_c||^2 - q_c) / (n_c (n_c - 1)),
 * clamped at 0 (method.md §6; for unit vectors q_c = n_c and this is the mean pairwise cosine).
 *
 * <p>The sums are kept in fixed point (multiples of 2^-{@value #FRACTION_BITS}) in longs, so
 * adding and merging are exact integer additions: rho_c is the same bits whatever the order of
 * the rows, the partitioning or the merge order (a double sum would change in the low bits with
 * the partition count). Each value is rounded once, to within 2^-29 ~ 1.9e-9; components must
 * lie within +-{@value #MAX_ABS} and a cluster may hold up to 2^31 members without overflow.
 */
public final class ClusterSums implements Serializable {
  private static final long serialVersionUID = 2L;
  static final int FRACTION_BITS = 28;
  /** Largest |component| and squared norm accepted: 8 * 2^28 * 2^31 members = 2^62 fits a long. */
  static final double MAX_ABS = 8.0;
  private static final double SCALE = 1L << FRACTION_BITS;
  private final long[] sum;
  private long squares;
  private long n;
  private long labelled;

  public ClusterSums(int dim) {
    this.sum = new long[dim];
  }

  public ClusterSums add(float[] u, boolean isLabelled) {
    if (u.length != sum.length) throw new IllegalArgumentException("expected " + sum.length + " values, got " + u.length);
    double sq = 0;
    for (int d = 0; d < u.length; d++) {
      float v = u[d];
      if (!(Math.abs(v) <= MAX_ABS)) throw new IllegalArgumentException("component " + d + " is " + v);
      sum[d] += fixed(v);
      sq += (double) v * v;
    }
    if (!(sq <= MAX_ABS)) throw new IllegalArgumentException("squared norm " + sq);
    squares += fixed(sq);
    n++;
    if (isLabelled) labelled++;
    return this;
  }

  private static long fixed(double v) {
    return Math.round(v * SCALE);
  }

  public ClusterSums merge(ClusterSums o) {
    if (o.sum.length != sum.length) {
      throw new IllegalArgumentException("merging " + o.sum.length + " dims into " + sum.length);
    }
    for (int d = 0; d < sum.length; d++) sum[d] += o.sum[d];
    squares += o.squares;
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

  /** Mean pairwise dot product of the members, clamped at 0; 0 for fewer than 2. */
  public double rho() {
    if (n < 2) return 0.0;
    double sq = 0;
    for (long v : sum) {
      double s = v / SCALE;
      sq += s * s;
    }
    return Math.max(0.0, (sq - squares / SCALE) / ((double) n * (n - 1)));
  }
}
