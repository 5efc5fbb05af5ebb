package org.ascmr.model;

import java.util.Arrays;

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

    /**
     * The features of a block of rows: every layer is one product over the block (RowMatmul's
     * bits do not depend on the block, and the product of many rows reuses each loaded weight
     * across them: row by row, each row streamed the whole weight matrix from memory).
     */
    float[][] features(float[][] x) {
      int n = x.length;
      int d = mean.length;
      float[] in = new float[n * d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) in[i * d + j] = (x[i][j] - mean[j]) * scale[j];
      }
      float[] h = hidden == null ? in : reluLayer(hidden, hiddenBias, in, n);
      float[] y = reluLayer(out, outBias, h, n);
      int c = out.cols();
      float[][] rows = new float[n][];
      for (int i = 0; i < n; i++) rows[i] = Arrays.copyOfRange(y, i * c, (i + 1) * c);
      return rows;
    }

    /** relu(in . w + bias) for n rows: the bias added, then negatives set to 0 (so -0 stays -0). */
    private static float[] reluLayer(RowMatmul w, float[] bias, float[] in, int n) {
      int c = w.cols();
      float[] y = new float[n * c];
      w.multiply(in, n, y, new float[c]);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < c; j++) {
          float v = y[i * c + j] + bias[j];
          y[i * c + j] = v < 0f ? 0f : v;
        }
      }
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
    float[][] fv = image.features(imageRows);
    float[][] ft = text.features(textRows);
    return new Embeddings(fv, ft, logits(fv), logits(ft));
  }

  /** n(f) . P^T per row with n(f) = f / sqrt(|f|^2 + eps), the norm summed in index order; one product. */
  private float[][] logits(float[][] f) {
    int n = f.length;
    int e = n == 0 ? 0 : f[0].length;
    float[] unit = new float[n * e];
    for (int i = 0; i < n; i++) {
      double sq = 0;
      for (float v : f[i]) sq += (double) v * v;
      float inv = (float) (1.0 / Math.sqrt(sq + NORM_EPS));
      for (int j = 0; j < e; j++) unit[i * e + j] = f[i][j] * inv;
    }
    float[] out = new float[n * numLabels];
    logits.multiply(unit, n, out, new float[numLabels]);
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) rows[i] = Arrays.copyOfRange(out, i * numLabels, (i + 1) * numLabels);
    return rows;
  }
}
