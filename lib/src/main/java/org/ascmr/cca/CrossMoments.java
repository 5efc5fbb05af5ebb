package org.ascmr.cca;

import java.io.Serializable;

/**
 * First and second moments of paired (image, text) vectors, accumulated row by row with
 * {@link #add}, combined across partitions with {@link #merge}, and turned into means and
 * covariances by {@link #result}: the only pass over the pool that fitting CCA needs.
 *
 * <p>Keeps raw sums of z = [x, y] and of z z' (upper triangle of a d x d matrix, d = p + q) in
 * double precision, so {@link #add} skips zero entries: sparse TF-IDF text costs only its non-zeros
 * squared. Centring happens once in {@link #result} (C = (S - n m m') / (n - 1)); for the
 * non-negative, O(1)-scaled features of our pools the cancellation this invites loses far less
 * than float input precision. Memory is 8 d^2 bytes (d = 1,000: 8 MB; d = 10,000: 800 MB), hence
 * {@link #MAX_DIM}.
 */
public final class CrossMoments implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Largest p + q accepted: the d x d sums take 8 d^2 bytes per partition (here 800 MB). */
  public static final int MAX_DIM = 10_000;

  private final int p;
  private final int q;
  private long n;
  private double[] sum;
  private double[] sumSq;

  public CrossMoments(int p, int q) {
    if (p < 1 || q < 1) throw new IllegalArgumentException("dimensions must be >= 1, were " + p + ", " + q);
    if (p + q > MAX_DIM) {
      throw new IllegalArgumentException("CCA keeps a (p+q)^2 covariance; p + q = " + (p + q) + " exceeds "
          + MAX_DIM + " (reduce the feature dimensions, e.g. the text vocabulary)");
    }
    this.p = p;
    this.q = q;
  }

  public int imageDim() {
    return p;
  }

  public int textDim() {
    return q;
  }

  public long count() {
    return n;
  }

  /** Adds one pair; {@code x} must have p values and {@code y} q values. */
  public CrossMoments add(float[] x, float[] y) {
    if (x.length != p || y.length != q) {
      throw new IllegalArgumentException("expected " + p + " image and " + q + " text values, found " + x.length
          + " and " + y.length);
    }
    allocate();
    int d = p + q;
    int[] nz = new int[d];
    double[] v = new double[d];
    int m = 0;
    for (int i = 0; i < p; i++) {
      if (x[i] != 0f) {
        nz[m] = i;
        v[m++] = x[i];
      }
    }
    for (int i = 0; i < q; i++) {
      if (y[i] != 0f) {
        nz[m] = p + i;
        v[m++] = y[i];
      }
    }
    for (int a = 0; a < m; a++) {
      int row = nz[a] * d;
      double va = v[a];
      sum[nz[a]] += va;
      for (int b = a; b < m; b++) sumSq[row + nz[b]] += va * v[b];
    }
    n++;
    return this;
  }

  /** Adds the sums of {@code other} (same dimensions) into this one and returns this. */
  public CrossMoments merge(CrossMoments other) {
    if (other.p != p || other.q != q) {
      throw new IllegalArgumentException("cannot merge moments of " + other.p + "+" + other.q + " dims into " + p
          + "+" + q);
    }
    if (other.n == 0) return this;
    allocate();
    for (int i = 0; i < sum.length; i++) sum[i] += other.sum[i];
    for (int i = 0; i < sumSq.length; i++) sumSq[i] += other.sumSq[i];
    n += other.n;
    return this;
  }

  /** Means and (n - 1)-normalised covariances; needs at least two pairs. */
  public Moments result() {
    if (n < 2) throw new IllegalStateException("need at least 2 pairs to estimate covariances, have " + n);
    int d = p + q;
    double[] mean = new double[d];
    for (int i = 0; i < d; i++) mean[i] = sum[i] / n;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double c = (sumSq[i * d + j] - n * mean[i] * mean[j]) / (n - 1);
        cov[i][j] = c;
        cov[j][i] = c;
      }
    }
    double[][] cxx = new double[p][p];
    double[][] cyy = new double[q][q];
    double[][] cxy = new double[p][q];
    for (int i = 0; i < p; i++) {
      System.arraycopy(cov[i], 0, cxx[i], 0, p);
      System.arraycopy(cov[i], p, cxy[i], 0, q);
    }
    for (int i = 0; i < q; i++) System.arraycopy(cov[p + i], p, cyy[i], 0, q);
    double[] mx = new double[p];
    double[] my = new double[q];
    System.arraycopy(mean, 0, mx, 0, p);
    System.arraycopy(mean, p, my, 0, q);
    return new Moments(n, mx, my, cxx, cyy, cxy);
  }

  private void allocate() {
    if (sum == null) {
      int d = p + q;
      sum = new double[d];
      sumSq = new double[d * d];
    }
  }
}
