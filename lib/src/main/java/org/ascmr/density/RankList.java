package org.ascmr.density;

import java.util.Arrays;

/**
 * A neighbour list by rank (position in id order), best first: similarity descending, ties by
 * rank ascending, the order of {@link Neighbours} on the ids.
 *
 * @param ranks        neighbour ranks
 * @param similarities their similarities (or weights), aligned with {@code ranks}
 */
public record RankList(int[] ranks, float[] similarities) {
  public RankList {
    if (ranks.length != similarities.length) {
      throw new IllegalArgumentException(ranks.length + " ranks and " + similarities.length + " similarities");
    }
  }

  /** The first {@code n} of {@link RankTopK#key} keys sorted ascending. */
  static RankList of(long[] sortedKeys, int n) {
    int[] r = new int[n];
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      r[i] = RankTopK.rank(sortedKeys[i]);
      s[i] = RankTopK.similarity(sortedKeys[i]);
    }
    return new RankList(r, s);
  }

  public int size() {
    return ranks.length;
  }

  /** The same list with ranks turned back into ids ({@code ids} sorted, indexed by rank). */
  public Neighbours toNeighbours(String[] ids) {
    String[] out = new String[ranks.length];
    for (int i = 0; i < out.length; i++) out[i] = ids[ranks[i]];
    return new Neighbours(out, similarities);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RankList l && Arrays.equals(ranks, l.ranks) && Arrays.equals(similarities, l.similarities);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ranks) + Arrays.hashCode(similarities);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < ranks.length; i++) b.append(i > 0 ? ", " : "").append(ranks[i]).append('=').append(similarities[i]);
    return b.append(']').toString();
  }
}
