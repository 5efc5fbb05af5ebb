package org.ascmr.pmie;

import org.ascmr.linalg.FixedExp;
import org.ascmr.linalg.SquaredDistance;

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
        double l = -scale * Math.sqrt(SquaredDistance.of(zv, s * dim, zt, t * dim, dim)) + shift;
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
    return closedFormFromVariances(scale, shift, muV, variances(logsigV, offset, dim, new double[dim]), muT,
        variances(logsigT, offset, dim, new double[dim]), offset, dim);
  }

  /**
   * sig^2 = exp(2 logsig) of the row at {@code offset} into {@code out[0, dim)} ({@link FixedExp}:
   * the same bits on every JVM, on vectors); the match score and the fusion share one
   * computation per value.
   */
  public static double[] variances(float[] logsig, int offset, int dim, double[] out) {
    for (int d = 0; d < dim; d++) out[d] = 2.0 * logsig[offset + d];
    FixedExp.exp(out, 0, dim, out, 0);
    return out;
  }

  /**
   * {@link #closedForm} from the variances sig^2 = exp(2 logsig), which the scorer computes once
   * per value for the fusion too: {@code varV}, {@code varT} are read from 0, the means from
   * {@code offset}.
   */
  public static double closedFormFromVariances(double scale, double shift, float[] muV, double[] varV, float[] muT,
      double[] varT, int offset, int dim) {
    // four partial sums, FourSums' order
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int d = 0;
    for (; d + 3 < dim; d += 4) {
      s0 += term(muV, varV, muT, varT, offset, d);
      s1 += term(muV, varV, muT, varT, offset, d + 1);
      s2 += term(muV, varV, muT, varT, offset, d + 2);
      s3 += term(muV, varV, muT, varT, offset, d + 3);
    }
    for (; d < dim; d++) s0 += term(muV, varV, muT, varT, offset, d);
    double m = -scale * ((s0 + s1) + (s2 + s3)) + shift;
    return LogSpace.softplus(-m) + 0.0;
  }

  /** (mu_v - mu_t)^2 + sig_v^2 + sig_t^2 of dimension d. */
  private static double term(float[] muV, double[] varV, float[] muT, double[] varT, int offset, int d) {
    double diff = (double) muV[offset + d] - muT[offset + d];
    return diff * diff + varV[d] + varT[d];
  }
}
