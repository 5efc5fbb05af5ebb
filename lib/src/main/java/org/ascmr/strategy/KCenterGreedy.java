package org.ascmr.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * Core-set selection (Sener and Savarese 2018): greedily add the candidate farthest (squared
 * Euclidean) from its nearest centre, starting from the labelled items as centres. Ties go to the
 * lower candidate index, so a caller that sorts candidates by id gets a deterministic selection.
 */
public final class KCenterGreedy {
  private KCenterGreedy() {}

  /** Returns the indices into {@code candidates} of the {@code budget} picks, in pick order. */
  public static List<Integer> select(float[][] candidates, float[][] centres, int budget) {
    int n = candidates.length;
    if (budget > n) throw new IllegalArgumentException("budget " + budget + " exceeds " + n + " candidates");
    double[] minDist = new double[n];
    java.util.Arrays.fill(minDist, Double.POSITIVE_INFINITY);
    for (float[] c : centres) update(candidates, minDist, c);
    List<Integer> picks = new ArrayList<>(budget);
    boolean[] taken = new boolean[n];
    for (int b = 0; b < budget; b++) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (!taken[i] && (best < 0 || minDist[i] > minDist[best])) best = i;
      }
      taken[best] = true;
      picks.add(best);
      update(candidates, minDist, candidates[best]);
    }
    return picks;
  }

  private static void update(float[][] x, double[] minDist, float[] centre) {
    for (int i = 0; i < x.length; i++) {
      double d = squaredDistance(x[i], centre);
      if (d < minDist[i]) minDist[i] = d;
    }
  }

  static double squaredDistance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
