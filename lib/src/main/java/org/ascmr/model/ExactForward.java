package org.ascmr.model;

import org.ascmr.linalg.RowMatmul;

/**
 * The retrieval model's inference (method.md §2: standardise, [hidden ReLU layer,] ReLU layer into
 * the common space, cosine logits against the label prototypes) computed row by row with a fixed
 * summation order, outside SameDiff. A row's features then have the same bits whichever rows share
 * its pass: Spark splits a pool into partitions differently in local mode and on every cluster,
 * and the selection is made from these vectors. Through SameDiff (OpenBLAS sgemm) 68 of 300 rows
 * had other low bits after a 97 + 203 split (issue 13). Training keeps SameDiff for the loss and its
 * gradients; only inference runs here, and training's val mAP uses the same path as {@code embed}.
 *
 * <p>Built from a snapshot of the weights: the model builds a new one after any weight change.
 * Thread-safe (per-call scratch only).
 */
final class ExactForward {
  private static final double NORM_EPS = 1e-12;

  private final Tower image;
  private final Tower text;
  /** n(f) . P^T as a product with P^T (E x C). */
  private final RowMatmul logits;
  private final int numLabels;

  /** One modality's encoder. */
  private record Tower(float[] mean, float[] scale, RowMatmul hidden, float[] hiddenBias, RowMatmul out,
      float[] outBias) {

    float[] features(float[] x) {
      float[] in = new float[x.length];
      for (int j = 0; j < x.length; j++) in[j] = (x[j] - mean[j]) * scale[j];
      if (hidden != null) in = relu(layer(hidden, hiddenBias, in));
      return relu(layer(out, outBias, in));
    }

    private static float[] layer(RowMatmul w, float[] bias, float[] in) {
      float[] y = new float[w.cols()];
      // The output row is its own scratch: one allocation per layer and row.
      w.multiply(in, 1, y, y);
      for (int j = 0; j < y.length; j++) y[j] += bias[j];
      return y;
    }

    private static float[] relu(float[] y) {
      for (int j = 0; j < y.length; j++) if (y[j] < 0f) y[j] = 0f;
      return y;
    }
  }

  private ExactForward(Tower image, Tower text, float[][] prototypes) {
    this.image = image;
    this.text = text;
    this.numLabels = prototypes.length;
    int e = prototypes.length == 0 ? 0 : prototypes[0].length;
    float[] transposed = new float[e * numLabels];
    for (int c = 0; c < numLabels; c++) {
      for (int k = 0; k < e; k++) transposed[k * numLabels + c] = prototypes[c][k];
    }
    this.logits = new RowMatmul(transposed, e, numLabels);
  }

  /** The arrays inference reads: each modality's input statistics and encoder layers. */
  static java.util.List<String> arrayNames(ModelSpec spec) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (String modality : java.util.List.of(RetrievalGraph.IMAGE, RetrievalGraph.TEXT)) {
      names.add(modality + RetrievalGraph.MEAN);
      names.add(modality + RetrievalGraph.SCALE);
      names.addAll(RetrievalGraph.encoderNames(modality, spec.config().hidden() > 0));
    }
    return names;
  }

  /** From the model's current arrays and its prototypes (computed once per snapshot: they do not depend on rows). */
  static ExactForward of(ModelSpec spec, ParameterSet arrays, float[][] prototypes) {
    boolean hidden = spec.config().hidden() > 0;
    return new ExactForward(tower(arrays, RetrievalGraph.IMAGE, hidden), tower(arrays, RetrievalGraph.TEXT, hidden),
        prototypes);
  }

  private static Tower tower(ParameterSet a, String modality, boolean hidden) {
    RowMatmul h = hidden ? matmul(a.get(modality + ".hidden.w")) : null;
    float[] hb = hidden ? a.get(modality + ".hidden.b").values() : null;
    return new Tower(a.get(modality + RetrievalGraph.MEAN).values(), a.get(modality + RetrievalGraph.SCALE).values(),
        h, hb, matmul(a.get(modality + ".w")), a.get(modality + ".b").values());
  }

  private static RowMatmul matmul(ParameterSet.Entry w) {
    return new RowMatmul(w.values(), (int) w.shape()[0], (int) w.shape()[1]);
  }

  Embeddings embed(float[][] imageRows, float[][] textRows) {
    int n = imageRows.length;
    float[][] fv = new float[n][];
    float[][] ft = new float[n][];
    float[][] lv = new float[n][];
    float[][] lt = new float[n][];
    for (int i = 0; i < n; i++) {
      fv[i] = image.features(imageRows[i]);
      ft[i] = text.features(textRows[i]);
      lv[i] = logits(fv[i]);
      lt[i] = logits(ft[i]);
    }
    return new Embeddings(fv, ft, lv, lt);
  }

  /** n(f) . P^T with n(f) = f / sqrt(|f|^2 + eps), the norm summed in index order. */
  private float[] logits(float[] f) {
    double sq = 0;
    for (float v : f) sq += (double) v * v;
    float inv = (float) (1.0 / Math.sqrt(sq + NORM_EPS));
    float[] unit = new float[f.length];
    for (int j = 0; j < f.length; j++) unit[j] = f[j] * inv;
    float[] out = new float[numLabels];
    logits.multiply(unit, 1, out, out);
    return out;
  }
}
