package org.ascmr.pmie;

/**
 * The inter-modality uncertainty of one pair from its two Gaussians (method.md §4), in log
 * space so that far-apart pairs keep distinct, finite scores where sigmoid underflows to 0.
 */
public final class MatchScore {
  private MatchScore() {}

  /**
   * Sampled: -log mean_kk' sigmoid(2 (-a ||z_v^k - z_t^k'|| + c)) with z = mu + eps * sigma.
   * Vectors are read from {@code offset} of the E'-long rows; {@code eps} holds K x E' image
   * noise followed by K x E' text noise; {@code zv}, {@code zt} (K x E') and {@code logits}
   * (K x K) are scratch space.
   */
  public static double sampled(double scale, double shift, float[] muV, double[] sigV, float[] muT, double[] sigT,
      int offset, int dim, int samples, float[] eps, double[] zv, double[] zt, double[] logits) {
    for (int s = 0; s < samples; s++) {
      for (int d = 0; d < dim; d++) {
        zv[s * dim + d] = muV[offset + d] + eps[s * dim + d] * sigV[d];
        zt[s * dim + d] = muT[offset + d] + eps[(samples + s) * dim + d] * sigT[d];
      }
    }
    for (int s = 0; s < samples; s++) {
      for (int t = 0; t < samples; t++) {
        double d2 = 0;
        for (int d = 0; d < dim; d++) {
          double diff = zv[s * dim + d] - zt[t * dim + d];
          d2 += diff * diff;
        }
        double l = -scale * Math.sqrt(d2) + shift;
        logits[s * samples + t] = LogSpace.logSigmoid(2 * l);
      }
    }
    return -LogSpace.logMeanExp(logits, samples * samples) + 0.0;
  }

  /**
   * Closed form (PCME++): -log sigmoid(m), m = -a (||mu_v - mu_t||^2 + sum(sig_v^2 + sig_t^2)) + c,
   * from the log-sigmas.
   */
  public static double closedForm(double scale, double shift, float[] muV, float[] logsigV, float[] muT,
      float[] logsigT, int offset, int dim) {
    double dist = 0;
    for (int d = 0; d < dim; d++) {
      double diff = (double) muV[offset + d] - muT[offset + d];
      dist += diff * diff + StrictMath.exp(2.0 * logsigV[offset + d]) + StrictMath.exp(2.0 * logsigT[offset + d]);
    }
    double m = -scale * dist + shift;
    return LogSpace.softplus(-m) + 0.0;
  }
}
