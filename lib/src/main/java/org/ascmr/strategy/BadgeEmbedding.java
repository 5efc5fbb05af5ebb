package org.ascmr.strategy;

/**
 * BADGE's gradient embedding (Ash et al. 2020) for our multi-label cosine-logit model, over all C
 * labels of both modalities. With hypothetical labels yhat_c = [s_c > 0.5], the gradient of the
 * squared classification loss ||s - yhat||^2 with respect to the label prototypes (the model's
 * last layer, s = n(f) X_c^T) is the outer product 2 (s - yhat) (x) n(f). We use the squared form
 * because the gradient of the plain norm is a unit vector for every item and would lose the
 * magnitude that carries BADGE's uncertainty.
 *
 * <p>The embedding is never materialised (C x E per modality): inner products of outer products
 * factorise, <a (x) h, a' (x) h'> = <a, a'> <h, h'>, so k-means++ distances cost O(C + E).
 */
public final class BadgeEmbedding {
  private final float[] aV;
  private final float[] hV;
  private final float[] aT;
  private final float[] hT;
  private final double squaredNorm;

  private BadgeEmbedding(float[] aV, float[] hV, float[] aT, float[] hT) {
    this.aV = aV;
    this.hV = hV;
    this.aT = aT;
    this.hT = hT;
    this.squaredNorm = dot(aV, aV) * dot(hV, hV) + dot(aT, aT) * dot(hT, hT);
  }

  /** Builds the embedding of one item from its features and cosine logits per modality. */
  public static BadgeEmbedding of(float[] fv, float[] logitsV, float[] ft, float[] logitsT) {
    return new BadgeEmbedding(residual(logitsV), unit(fv), residual(logitsT), unit(ft));
  }

  private static float[] residual(float[] s) {
    float[] a = new float[s.length];
    for (int c = 0; c < s.length; c++) a[c] = 2f * (s[c] - (s[c] > 0.5f ? 1f : 0f));
    return a;
  }

  private static float[] unit(float[] f) {
    double n = Math.sqrt(dot(f, f));
    float[] out = new float[f.length];
    if (n > 0) for (int i = 0; i < f.length; i++) out[i] = (float) (f[i] / n);
    return out;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }

  public double squaredNorm() {
    return squaredNorm;
  }

  public double inner(BadgeEmbedding o) {
    return dot(aV, o.aV) * dot(hV, o.hV) + dot(aT, o.aT) * dot(hT, o.hT);
  }

  public double squaredDistance(BadgeEmbedding o) {
    return Math.max(0, squaredNorm + o.squaredNorm - 2 * inner(o));
  }
}
