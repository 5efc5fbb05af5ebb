package org.ascmr.experiment;

/**
 * The batch statistics a round records, computed one way for every strategy.
 * <ul>
 *   <li>mean informativeness: mean of the strategy's I_i over the batch;</li>
 *   <li>mean pairwise similarity: mean cosine over all b(b-1)/2 pairs of the batch's embeddings,
 *       from the sum of unit vectors s: (||s||^2 - b) / (b (b - 1)) (as method.md §6's cluster
 *       density), so O(b d); high = a homogeneous, clustered batch; all-zero vectors are left out;</li>
 *   <li>label coverage: share of the C labels that occur in at least one pair of the batch.</li>
 * </ul>
 */
public record SelectionStatistics(Double meanInformativeness, Double meanPairwiseSimilarity, Double labelCoverage) {

  /**
   * @param informativeness I_i of the batch items, or null when the strategy has none
   * @param embeddings      one vector per batch item (e.g. the fused u_i), or null
   * @param labels          revealed multi-hot labels per batch item, or null
   * @param numLabels       C
   */
  public static SelectionStatistics of(double[] informativeness, float[][] embeddings, float[][] labels,
      int numLabels) {
    Double inf = null;
    if (informativeness != null && informativeness.length > 0) {
      double s = 0;
      for (double v : informativeness) s += v;
      inf = s / informativeness.length;
    }
    Double sim = null;
    if (embeddings != null && embeddings.length > 1) {
      double[] sum = new double[embeddings[0].length];
      int nonZero = 0;
      for (float[] e : embeddings) {
        double norm = 0;
        for (float v : e) norm += (double) v * v;
        norm = Math.sqrt(norm);
        if (norm == 0) continue;
        nonZero++;
        for (int j = 0; j < sum.length; j++) sum[j] += e[j] / norm;
      }
      if (nonZero > 1) {
        double sq = 0;
        for (double v : sum) sq += v * v;
        sim = Math.max(-1, Math.min(1, (sq - nonZero) / ((double) nonZero * (nonZero - 1))));
      }
    }
    Double coverage = null;
    if (labels != null && numLabels > 0) {
      boolean[] seen = new boolean[numLabels];
      for (float[] y : labels) {
        if (y == null) continue;
        for (int c = 0; c < Math.min(numLabels, y.length); c++) if (y[c] != 0f) seen[c] = true;
      }
      int count = 0;
      for (boolean s : seen) if (s) count++;
      coverage = (double) count / numLabels;
    }
    return new SelectionStatistics(inf, sim, coverage);
  }
}
