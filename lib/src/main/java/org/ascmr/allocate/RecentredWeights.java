package org.ascmr.allocate;

import java.util.Arrays;

/**
 * The re-centred similarity weights of {@link Weighting#RECENTRED}. In the fused space the raw
 * weights are saturated (OpenClipArt: the 1st kNN neighbour at similarity 0.98, the 10th at 0.96,
 * random pairs at 0.38), so w is in effect 0/1 and any lambda above about 0.15 excludes a
 * candidate's whole neighbourhood. Measuring a similarity from the level that random pairs
 * rarely reach, and rescaling the rest to [0, 1], restores the spread between near and far
 * neighbours.
 */
public final class RecentredWeights {
  private RecentredWeights() {}

  /**
   * The {@code q}-quantile of the cosine similarity over all pairs of the given unit vectors (a
   * seeded sample of the candidates), clamped to [0, 0.999] so the rescaling stays finite.
   */
  public static double threshold(float[][] units, double q) {
    if (!(q >= 0 && q < 1)) throw new IllegalArgumentException("quantile must be in [0, 1), was " + q);
    int m = units.length;
    if (m < 2) return 0;
    float[] sims = new float[m * (m - 1) / 2];
    int p = 0;
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        double s = 0;
        for (int d = 0; d < units[i].length; d++) s += units[i][d] * units[j][d];
        sims[p++] = (float) s;
      }
    }
    Arrays.sort(sims);
    double t = sims[(int) Math.min(sims.length - 1, Math.floor(q * sims.length))];
    return Math.max(0, Math.min(0.999, t));
  }

  /** w' = max(0, (w - t) / (1 - t)) for a raw weight w = max(0, s) and a threshold t in [0, 1). */
  public static float apply(float w, double t) {
    return (float) Math.max(0, (w - t) / (1 - t));
  }
}
