package org.ascmr.density;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
   * in theirs ({@code reverseIds}, {@code reverseSims}); each neighbour once, best first (ties by
   * id), similarities turned into weights w = max(0, s). The similarity of a pair is the same
   * from both ends (see {@link Vectors}); should they ever differ the larger is kept.
   */
  public static Neighbours symmetrise(Neighbours own, List<String> reverseIds, List<Float> reverseSims) {
    int total = own.size() + reverseIds.size();
    List<String> ids = new ArrayList<>(total);
    List<Float> sims = new ArrayList<>(total);
    for (int i = 0; i < own.size(); i++) {
      ids.add(own.ids()[i]);
      sims.add(own.similarities()[i]);
    }
    ids.addAll(reverseIds);
    sims.addAll(reverseSims);
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Neighbours.compare(sims.get(a), ids.get(a), sims.get(b), ids.get(b)));
    List<String> outIds = new ArrayList<>(total);
    List<Float> outSims = new ArrayList<>(total);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int o : order) {
      if (seen.add(ids.get(o))) { // best-first order: the first copy of an id has the larger similarity
        outIds.add(ids.get(o));
        outSims.add(Vectors.weight(sims.get(o)));
      }
    }
    float[] w = new float[outSims.size()];
    for (int i = 0; i < w.length; i++) w[i] = outSims.get(i);
    return new Neighbours(outIds.toArray(new String[0]), w);
  }
}
