package org.ascmr.pmie;

/**
 * Scores of a batch of pairs (row-major, {@code capacity} rows of E' for the vectors): u_inter,
 * u_v, u_t and the product-of-experts fused Gaussian (mu, sigma) with u = mu / ||mu||.
 */
public final class PairScores {
  public final int capacity;
  public final int embedDim;
  public final double[] uInter;
  public final double[] uV;
  public final double[] uT;
  public final float[] mu;
  public final float[] sigma;
  public final float[] u;

  public PairScores(int capacity, int embedDim) {
    this.capacity = capacity;
    this.embedDim = embedDim;
    this.uInter = new double[capacity];
    this.uV = new double[capacity];
    this.uT = new double[capacity];
    this.mu = new float[capacity * embedDim];
    this.sigma = new float[capacity * embedDim];
    this.u = new float[capacity * embedDim];
  }

  public float[] mu(int row) {
    return java.util.Arrays.copyOfRange(mu, row * embedDim, (row + 1) * embedDim);
  }

  public float[] sigma(int row) {
    return java.util.Arrays.copyOfRange(sigma, row * embedDim, (row + 1) * embedDim);
  }

  public float[] u(int row) {
    return java.util.Arrays.copyOfRange(u, row * embedDim, (row + 1) * embedDim);
  }
}
