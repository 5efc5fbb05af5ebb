package org.ascmr.strategy;

/**
 * Per-item uncertainty of a multi-label model whose outputs are cosine logits trained to regress
 * the multi-hot labels (method.md §2: L_cls = ||s - y||): a logit is read as a label probability
 * after clamping to (eps, 1 - eps).
 */
public final class UncertaintyScores {
  /** Keeps log terms finite; probabilities this close to 0 or 1 carry no entropy anyway. */
  public static final double EPS = 1e-6;

  private UncertaintyScores() {}

  public static double probability(float logit) {
    return Math.min(1 - EPS, Math.max(EPS, logit));
  }

  /** Binary entropy in nats. */
  public static double binaryEntropy(double p) {
    return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
  }

  /** Mean binary entropy over the labels of both modalities' logits (Entropy baseline, §7). */
  public static double meanEntropy(float[] logitsV, float[] logitsT) {
    double s = 0;
    for (float l : logitsV) s += binaryEntropy(probability(l));
    for (float l : logitsT) s += binaryEntropy(probability(l));
    return s / (logitsV.length + logitsT.length);
  }

  /**
   * BALD with MC dropout: for each label, H(mean_t p_t) - mean_t H(p_t) over T stochastic passes,
   * averaged over labels. {@code passes[t][c]} is pass t's logit for label c (both modalities'
   * labels may be concatenated by the caller).
   */
  public static double bald(float[][] passes) {
    int t = passes.length;
    int c = passes[0].length;
    double total = 0;
    for (int k = 0; k < c; k++) {
      double meanP = 0;
      double meanH = 0;
      for (float[] pass : passes) {
        double p = probability(pass[k]);
        meanP += p;
        meanH += binaryEntropy(p);
      }
      meanP /= t;
      meanH /= t;
      total += binaryEntropy(Math.min(1 - EPS, Math.max(EPS, meanP))) - meanH;
    }
    return total / c;
  }

  /** Cosine similarity of an item's image and text features (Inter-modality baseline, §7). */
  public static double pairedCosine(float[] fv, float[] ft) {
    double dot = 0;
    double nv = 0;
    double nt = 0;
    for (int i = 0; i < fv.length; i++) {
      dot += (double) fv[i] * ft[i];
      nv += (double) fv[i] * fv[i];
      nt += (double) ft[i] * ft[i];
    }
    return nv == 0 || nt == 0 ? 0 : dot / Math.sqrt(nv * nt);
  }
}
