package org.ascmr.pmie;

/**
 * Fuses a pair's image and text Gaussians into one (method.md §5): sig_z^2 = (sig_v^-2 +
 * sig_t^-2)^-1, mu_z = sig_z^2 (mu_v / sig_v^2 + mu_t / sig_t^2), and u = mu_z / ||mu_z|| (the
 * zero vector when mu_z is zero).
 */
public final class ProductOfExperts {
  private ProductOfExperts() {}

  /** Fuses the E'-long rows at {@code offset} of the inputs into the same rows of the outputs. */
  public static void fuse(float[] muV, float[] logsigV, float[] muT, float[] logsigT, int offset, int dim,
      float[] muOut, float[] sigmaOut, float[] unitOut) {
    fuse(muV, MatchScore.variances(logsigV, offset, dim, new double[dim]), muT,
        MatchScore.variances(logsigT, offset, dim, new double[dim]), offset, dim, muOut, sigmaOut, unitOut);
  }

  /**
   * The same from the variances sig^2 = exp(2 logsig) (read from 0; the means and outputs from
   * {@code offset}), which the scorer computes once per value for the match score too.
   */
  public static void fuse(float[] muV, double[] varV, float[] muT, double[] varT, int offset, int dim,
      float[] muOut, float[] sigmaOut, float[] unitOut) {
    double norm = 0;
    for (int d = offset; d < offset + dim; d++) {
      double vv = varV[d - offset];
      double vt = varT[d - offset];
      // sig_z^2 = vv vt / (vv + vt) and mu_z = (mu_v vt + mu_t vv) / (vv + vt): one division, not three
      double inv = 1.0 / (vv + vt);
      double var = vv * vt * inv;
      double mu = (muV[d] * vt + muT[d] * vv) * inv;
      muOut[d] = (float) mu;
      sigmaOut[d] = (float) Math.sqrt(var);
      norm += mu * mu;
    }
    norm = Math.sqrt(norm);
    for (int d = offset; d < offset + dim; d++) unitOut[d] = norm > 0 ? (float) (muOut[d] / norm) : 0f;
  }
}
