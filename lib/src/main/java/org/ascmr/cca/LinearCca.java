package org.ascmr.cca;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Regularised linear canonical correlation analysis (Hotelling 1936; the cross-modal baseline of
 * Rasiwasia et al. 2010), fitted in closed form from the train pairs' {@link Moments}:
 * <ol>
 *   <li>ridge: R_x = C_xx + r tr(C_xx)/p I (likewise R_y), r relative to the mean variance so the
 *       same value suits features of any scale; as r grows, R_x tends to a multiple of I and the
 *       directions to those of partial least squares (the singular vectors of C_xy);</li>
 *   <li>whitening: C_xx = V L V' (LAPACK, once for all ridges), W_x = V (L + s)^-1/2 over the
 *       eigenvalues of R_x above 1e-12 of the largest (so r = 0 works on singular covariances,
 *       e.g. topic proportions summing to 1);</li>
 *   <li>T = W_x' C_xy W_y; its singular vectors (from the eigen-decomposition of T T' or T' T,
 *       whichever is smaller) give the canonical pairs, its singular values the canonical
 *       correlations rho_1 >= rho_2 >= ...;</li>
 *   <li>A = W_x U, B = W_y V: then A' R_x A = I, B' R_y B = I, A' C_xy B = diag(rho).</li>
 * </ol>
 * An image x maps to (x - mean_x) A[:, :k], a text y to (y - mean_y) B[:, :k]; retrieval ranks by
 * cosine in that k-dimensional space. Projection touches only the non-zeros of the input.
 */
public final class LinearCca implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Whitening keeps eigenvalues above this share of the largest. */
  static final double RANK_TOLERANCE = 1e-12;
  /** Canonical pairs with a correlation below this are numerical noise and dropped. */
  static final double MIN_CORRELATION = 1e-6;

  private final double ridge;
  private final long trainPairs;
  private final double[] correlations;
  private final double[][] a;
  private final double[][] b;
  private final double[] offsetA;
  private final double[] offsetB;

  private LinearCca(double ridge, long trainPairs, double[] correlations, double[][] a, double[][] b,
      double[] meanX, double[] meanY) {
    this.ridge = ridge;
    this.trainPairs = trainPairs;
    this.correlations = correlations;
    this.a = a;
    this.b = b;
    this.offsetA = times(meanX, a);
    this.offsetB = times(meanY, b);
  }

  /** Fits every canonical pair the data supports; {@code ridge} as in {@link CcaConfig}. */
  public static LinearCca fit(Moments m, double ridge) {
    return new Fitter(m).fit(ridge);
  }

  /**
   * Fits for several ridge values from one pair of eigen-decompositions: C and C + s I share their
   * eigenvectors, so only the eigenvalues shift with the ridge.
   */
  public static final class Fitter {
    private final Moments m;
    private final SymmetricEigen.Result ex;
    private final SymmetricEigen.Result ey;

    public Fitter(Moments m) {
      this.m = m;
      this.ex = SymmetricEigen.of(m.cxx());
      this.ey = SymmetricEigen.of(m.cyy());
    }

    public LinearCca fit(double ridge) {
      if (!(ridge >= 0) || !Double.isFinite(ridge)) {
        throw new IllegalArgumentException("ridge must be >= 0, was " + ridge);
      }
      double[][] wx = whitening(ex, ridge, "image");
      double[][] wy = whitening(ey, ridge, "text");
      double[][] t = SymmetricEigen.multiply(SymmetricEigen.multiply(SymmetricEigen.transpose(wx), m.cxy()), wy);
      int rx = t.length;
      int ry = wy[0].length;
      boolean leftSmaller = rx <= ry;
      double[][] tt = SymmetricEigen.transpose(t);
      SymmetricEigen.Result e = leftSmaller ? SymmetricEigen.of(SymmetricEigen.multiply(t, tt))
          : SymmetricEigen.of(SymmetricEigen.multiply(tt, t));
      int k = 0;
      int max = Math.min(rx, ry);
      while (k < max && e.values()[k] > MIN_CORRELATION * MIN_CORRELATION) k++;
      if (k == 0) throw new IllegalStateException("image and text features are uncorrelated on the train pairs");
      double[] rho = new double[k];
      double[][] small = new double[leftSmaller ? rx : ry][k];
      for (int j = 0; j < k; j++) {
        rho[j] = Math.sqrt(e.values()[j]);
        for (int i = 0; i < small.length; i++) small[i][j] = e.vectors()[i][j];
      }
      // The other side's singular vectors: V = T' U / rho (or U = T V / rho).
      double[][] other = SymmetricEigen.multiply(leftSmaller ? tt : t, small);
      for (double[] row : other) for (int j = 0; j < k; j++) row[j] /= rho[j];
      double[][] u = leftSmaller ? small : other;
      double[][] v = leftSmaller ? other : small;
      double[][] a = SymmetricEigen.multiply(wx, u);
      double[][] b = SymmetricEigen.multiply(wy, v);
      return new LinearCca(ridge, m.n(), rho, a, b, m.meanX(), m.meanY());
    }
  }

  /**
   * W = V (L + s)^-1/2 over the non-null eigen-directions of C + s I, s = r tr(C)/d, from the
   * eigen-decomposition (L, V) of C.
   */
  private static double[][] whitening(SymmetricEigen.Result e, double ridge, String modality) {
    int d = e.values().length;
    double trace = 0;
    for (double l : e.values()) trace += l;
    if (!(trace > 0)) throw new IllegalStateException("the " + modality + " features do not vary over the train pairs");
    double shift = ridge * trace / d;
    double top = e.values()[0] + shift;
    int keep = 0;
    while (keep < d && e.values()[keep] + shift > RANK_TOLERANCE * top) keep++;
    double[][] w = new double[d][keep];
    for (int j = 0; j < keep; j++) {
      double s = 1 / Math.sqrt(e.values()[j] + shift);
      for (int i = 0; i < d; i++) w[i][j] = e.vectors()[i][j] * s;
    }
    return w;
  }

  private static double[] times(double[] v, double[][] w) {
    int k = w.length == 0 ? 0 : w[0].length;
    double[] out = new double[k];
    for (int i = 0; i < v.length; i++) {
      if (v[i] == 0) continue;
      for (int j = 0; j < k; j++) out[j] += v[i] * w[i][j];
    }
    return out;
  }

  /** Number of canonical pairs fitted: the largest usable {@code dims}. */
  public int maxDims() {
    return correlations.length;
  }

  /** Canonical correlations on the train pairs (ridge-regularised), descending. */
  public double[] correlations() {
    return correlations.clone();
  }

  public double ridge() {
    return ridge;
  }

  public long trainPairs() {
    return trainPairs;
  }

  public int imageDim() {
    return a.length;
  }

  public int textDim() {
    return b.length;
  }

  public float[] projectImage(float[] x, int dims) {
    return project(x, a, offsetA, dims);
  }

  public float[] projectText(float[] y, int dims) {
    return project(y, b, offsetB, dims);
  }

  public float[][] projectImages(float[][] xs, int dims) {
    float[][] out = new float[xs.length][];
    for (int i = 0; i < xs.length; i++) out[i] = projectImage(xs[i], dims);
    return out;
  }

  public float[][] projectTexts(float[][] ys, int dims) {
    float[][] out = new float[ys.length][];
    for (int i = 0; i < ys.length; i++) out[i] = projectText(ys[i], dims);
    return out;
  }

  private float[] project(float[] x, double[][] w, double[] offset, int dims) {
    if (dims < 1 || dims > correlations.length) {
      throw new IllegalArgumentException("dims must be in [1, " + correlations.length + "], was " + dims);
    }
    if (x.length != w.length) {
      throw new IllegalArgumentException("expected " + w.length + " values, found " + x.length);
    }
    double[] acc = new double[dims];
    for (int i = 0; i < x.length; i++) {
      float xi = x[i];
      if (xi == 0f) continue;
      double[] wi = w[i];
      for (int j = 0; j < dims; j++) acc[j] += xi * wi[j];
    }
    float[] out = new float[dims];
    for (int j = 0; j < dims; j++) out[j] = (float) (acc[j] - offset[j]);
    return out;
  }

  @Override
  public String toString() {
    return "LinearCca[ridge=" + ridge + ", pairs=" + trainPairs + ", correlations="
        + Arrays.toString(Arrays.copyOf(correlations, Math.min(5, correlations.length))) + "...]";
  }
}
