package org.ascmr.density;

import java.util.Arrays;

/**
 * Semantic density and the symmetrised kNN graph of method.md §5, on one node's lists.
 */
public final class Density {
  private Density() {}

  /**
   * rho_i: mean of w_ij = max(0, s_ij) over the first {@code k} entries of the node's own
   * (directed, best-first) kNN list; over fewer when the pool has fewer than k other items, and
   * 0 for a pool of one item.
   */
  public static double rho(float[] directedSims, int k) {
    int m = Math.min(k, directedSims.length);
    if (m == 0) return 0.0;
    double s = 0;
    for (int i = 0; i < m; i++) s += Vectors.weight(directedSims[i]);
    return s / m;
  }

  /**
   * The symmetrised neighbour list of a node: its own kNN list united with the nodes that have it
   * in theirs (the first {@code reverseCount} of {@code reverseRanks}, {@code reverseSims}); each
   * neighbour once, best first (ties by rank, i.e. by id), similarities turned into weights
   * w = max(0, s). The similarity of a pair is the same from both ends (see {@link Vectors});
   * should they ever differ the larger is kept.
   */
  public static RankList symmetrise(RankList own, int[] reverseRanks, float[] reverseSims, int reverseCount) {
    int total = own.size() + reverseCount;
    long[] keys = new long[total];
    for (int i = 0; i < own.size(); i++) keys[i] = RankTopK.key(own.similarities()[i], own.ranks()[i]);
    for (int i = 0; i < reverseCount; i++) keys[own.size() + i] = RankTopK.key(reverseSims[i], reverseRanks[i]);
    Arrays.sort(keys); // best first; a neighbour's first copy has its largest similarity
    boolean[] repeat = repeats(keys);
    int[] ranks = new int[total];
    float[] weights = new float[total];
    int kept = 0;
    for (int i = 0; i < total; i++) {
      if (repeat[i]) continue;
      ranks[kept] = RankTopK.rank(keys[i]);
      weights[kept++] = Vectors.weight(RankTopK.similarity(keys[i]));
    }
    return new RankList(Arrays.copyOf(ranks, kept), Arrays.copyOf(weights, kept));
  }

  /** Marks every entry of a sorted key list whose rank already occurred earlier (O(n log n): hubs have long lists). */
  private static boolean[] repeats(long[] sortedKeys) {
    long[] byRank = new long[sortedKeys.length];
    for (int i = 0; i < byRank.length; i++) byRank[i] = ((long) RankTopK.rank(sortedKeys[i]) << 32) | i;
    Arrays.sort(byRank);
    boolean[] repeat = new boolean[sortedKeys.length];
    for (int i = 1; i < byRank.length; i++) {
      if (byRank[i] >>> 32 == byRank[i - 1] >>> 32) repeat[(int) byRank[i]] = true;
    }
    return repeat;
  }
}
