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
  /** Dense rows buffered before {@link #flush} adds them: 32 rows of d = 1,024 doubles = 256 KB. */
  private static final int BLOCK = 32;

  private long n;
  private double[] sum;
  /** Row a holds the sums of z_a z_b for b >= a (the upper triangle; entries b < a stay 0). */
  private double[][] sumSq;
  private transient double[][] block;
  private transient int pending;

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
    if (denseAndFinite(x, y)) {
      // Buffered: flush() adds a block of rows at once (the same additions in the same order).
      if (block == null) block = new double[BLOCK][d];
      double[] row = block[pending++];
      for (int i = 0; i < p; i++) row[i] = x[i];
      for (int i = 0; i < q; i++) row[p + i] = y[i];
      if (pending == BLOCK) flush();
      n++;
      return this;
    }
    flush(); // rows are added in their order
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
      double[] row = sumSq[nz[a]];
      double va = v[a];
      sum[nz[a]] += va;
      for (int b = a; b < m; b++) row[nz[b]] += va * v[b];
    }
    n++;
    return this;
  }

  /**
   * Whether a row is worth buffering for {@link #flush}: more than a quarter of its values non-zero
   * (a dense feature vector, not TF-IDF text, whose non-zeros squared are cheaper row by row) and
   * all finite (an infinite value times a zero would add NaN where the row-by-row sum skips it).
   */
  private boolean denseAndFinite(float[] x, float[] y) {
    int nonZero = 0;
    for (float v : x) {
      if (!Float.isFinite(v)) return false;
      if (v != 0f) nonZero++;
    }
    for (float v : y) {
      if (!Float.isFinite(v)) return false;
      if (v != 0f) nonZero++;
    }
    return nonZero * 4L > p + q;
  }

  /**
   * Adds the buffered rows. Each sum gets v_a v_b row after row, in row order, as the sparse
   * update of {@link #add} does; a zero entry adds a signed zero, which leaves a sum unchanged (a
   * sum is never -0: it starts at +0 and x + (-x) is +0), so the bits are those of adding row by
   * row. The loop order differs: one row of the d x d sums takes four buffered rows per pass (left
   * to right, so still row after row) and every buffered row while it is in cache, instead of
   * each row streaming all 8 d^2 bytes (at 512 + 512 dims: about 2,100 rows/s per core row by
   * row, memory-bound).
   */
  private void flush() {
    if (pending == 0) return;
    int d = p + q;
    for (int a = 0; a < d; a++) {
      double[] row = sumSq[a]; // row[b], not a flat [a * d + b]: the JIT vectorises only the former
      int r = 0;
      for (; r + 3 < pending; r += 4) {
        double[] v0 = block[r];
        double[] v1 = block[r + 1];
        double[] v2 = block[r + 2];
        double[] v3 = block[r + 3];
        double a0 = v0[a];
        double a1 = v1[a];
        double a2 = v2[a];
        double a3 = v3[a];
        sum[a] = sum[a] + a0 + a1 + a2 + a3; // left to right: row after row
        for (int b = a; b < d; b++) row[b] = row[b] + a0 * v0[b] + a1 * v1[b] + a2 * v2[b] + a3 * v3[b];
      }
      for (; r < pending; r++) {
        double[] v = block[r];
        double va = v[a];
        sum[a] += va;
        for (int b = a; b < d; b++) row[b] += va * v[b];
      }
    }
    pending = 0;
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    flush(); // the buffer is transient: a partition's sums travel complete
    out.defaultWriteObject();
  }

  /** Adds the sums of {@code other} (same dimensions) into this one and returns this. */
  public CrossMoments merge(CrossMoments other) {
    if (other.p != p || other.q != q) {
      throw new IllegalArgumentException("cannot merge moments of " + other.p + "+" + other.q + " dims into " + p
          + "+" + q);
    }
    if (other.n == 0) return this;
    allocate();
    flush();
    other.flush();
    for (int i = 0; i < sum.length; i++) sum[i] += other.sum[i];
    for (int i = 0; i < sumSq.length; i++) {
      double[] row = sumSq[i];
      double[] add = other.sumSq[i];
      for (int j = i; j < row.length; j++) row[j] += add[j];
    }
    n += other.n;
    return this;
  }

  /** Means and (n - 1)-normalised covariances; needs at least two pairs. */
  public Moments result() {
    if (n < 2) throw new IllegalStateException("need at least 2 pairs to estimate covariances, have " + n);
    flush();
    int d = p + q;
    double[] mean = new double[d];
    for (int i = 0; i < d; i++) mean[i] = sum[i] / n;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double c = (sumSq[i][j] - n * mean[i] * mean[j]) / (n - 1);
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
      sumSq = new double[d][d];
    }
  }
}
