package org.ascmr.strategy;

import java.util.SplittableRandom;
import org.ascmr.data.SeededSplit;

/**
 * MC-dropout logits of the retrieval model for BALD (method.md §7). The model applies dropout to
 * the encoders' outputs f before the cosine against the label prototypes (method.md §2), so a
 * stochastic pass is s = n(f * m) X_c^T with a Bernoulli keep-mask m: it needs only the stored
 * features f and the prototypes X_c, not the network. Masks are drawn from (seed, pass, id), so
 * the score of an item does not depend on which partition or batch it is in. (The inverted-dropout
 * scale 1/(1-p) cancels in the normalisation and is left out.)
 */
public final class McDropout {
  private McDropout() {}

  /**
   * BALD score of one item: {@code passes} masked passes per modality, mutual information per
   * label averaged over the labels of both modalities.
   */
  public static double bald(float[] fv, float[] ft, float[][] prototypes, int passes, double dropout, long seed,
      String id) {
    int c = prototypes.length;
    float[][] logits = new float[passes][2 * c];
    for (int t = 0; t < passes; t++) {
      SplittableRandom rnd = new SplittableRandom(SeededSplit.key(seed, t, id));
      pass(fv, prototypes, dropout, rnd, logits[t], 0);
      pass(ft, prototypes, dropout, rnd, logits[t], c);
    }
    return UncertaintyScores.bald(logits);
  }

  private static void pass(float[] f, float[][] prototypes, double dropout, SplittableRandom rnd, float[] out,
      int offset) {
    double[] kept = new double[f.length];
    double norm = 0;
    for (int i = 0; i < f.length; i++) {
      kept[i] = rnd.nextDouble() < dropout ? 0 : f[i];
      norm += kept[i] * kept[i];
    }
    norm = Math.sqrt(norm);
    for (int k = 0; k < prototypes.length; k++) {
      double s = 0;
      float[] p = prototypes[k];
      for (int i = 0; i < f.length; i++) s += kept[i] * p[i];
      out[offset + k] = norm == 0 ? 0f : (float) (s / norm);
    }
  }
}
