package org.ascmr.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * k-means++ seeding over BADGE gradient embeddings: the first pick is the largest gradient norm
 * (as BADGE does), each next pick is drawn with probability proportional to the squared distance
 * to the nearest pick so far. Seeded; draws depend only on the seed and the candidate order.
 */
public final class KMeansPlusPlusSeeding {
  private KMeansPlusPlusSeeding() {}

  public static List<Integer> select(List<BadgeEmbedding> candidates, int budget, long seed) {
    int n = candidates.size();
    if (budget > n) throw new IllegalArgumentException("budget " + budget + " exceeds " + n + " candidates");
    List<Integer> picks = new ArrayList<>(budget);
    if (budget == 0) return picks;
    boolean[] taken = new boolean[n];
    int first = 0;
    for (int i = 1; i < n; i++) {
      if (candidates.get(i).squaredNorm() > candidates.get(first).squaredNorm()) first = i;
    }
    double[] d2 = new double[n];
    Arrays.fill(d2, Double.POSITIVE_INFINITY);
    SplittableRandom rnd = new SplittableRandom(seed);
    int pick = first;
    while (true) {
      taken[pick] = true;
      picks.add(pick);
      if (picks.size() == budget) return picks;
      BadgeEmbedding p = candidates.get(pick);
      double total = 0;
      for (int i = 0; i < n; i++) {
        if (taken[i]) continue;
        d2[i] = Math.min(d2[i], candidates.get(i).squaredDistance(p));
        total += d2[i];
      }
      pick = -1;
      if (total > 0) {
        double r = rnd.nextDouble() * total;
        for (int i = 0; i < n; i++) {
          if (taken[i]) continue;
          r -= d2[i];
          if (r < 0) {
            pick = i;
            break;
          }
        }
      }
      if (pick < 0) {
        // All remaining candidates coincide with a pick (or rounding left r >= 0): take the first free one.
        for (int i = 0; i < n && pick < 0; i++) if (!taken[i]) pick = i;
      }
    }
  }
}
