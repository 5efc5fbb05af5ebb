package org.ascmr.density;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact k-nearest-neighbour search of a few queries against a whole table, as a mergeable
 * summary: {@link #add} the table's rows (any order, any partition), {@link #merge} the partial
 * searches, take the {@link #result}. The recall check runs a few hundred sampled queries this
 * way; a query never counts itself as its own neighbour (same id).
 */
public final class ExactSearch implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Rows gathered before a block multiply: 4,096 x 1,024 floats = 16 MB at most. */
  static final int BLOCK_ROWS = 4096;

  private final String[] queryIds;
  private final float[][] queries;
  private final TopK[] tops;
  private transient float[] packedQueries;
  private transient String[] pendingIds;
  private transient float[] pendingRows;
  private transient int pending;

  public ExactSearch(String[] queryIds, float[][] queries, int k) {
    if (queryIds.length != queries.length) throw new IllegalArgumentException("one id per query");
    this.queryIds = queryIds.clone();
    this.queries = queries;
    this.tops = new TopK[queries.length];
    for (int i = 0; i < tops.length; i++) tops[i] = new TopK(k);
  }

  public ExactSearch add(String id, float[] row) {
    if (queries.length == 0) return this;
    int dim = queries[0].length;
    if (row.length != dim) throw new IllegalArgumentException("row " + id + " has " + row.length + " values, expected " + dim);
    if (pendingIds == null) {
      pendingIds = new String[BLOCK_ROWS];
      pendingRows = new float[BLOCK_ROWS * dim];
    }
    pendingIds[pending] = id;
    System.arraycopy(row, 0, pendingRows, pending * dim, dim);
    if (++pending == BLOCK_ROWS) flush();
    return this;
  }

  /**
   * Searches the rows gathered so far (one {@link TileSearch} block); call before serialising or
   * merging. The block's rows are ranked by id among themselves, so the block's own ties break
   * by id as {@link TopK} does; each query's block-best k then enter its {@link TopK}.
   */
  public ExactSearch flush() {
    if (pending == 0) return this;
    int dim = queries[0].length;
    if (packedQueries == null) packedQueries = TileSearch.pack(java.util.Arrays.asList(queries), dim);
    String[] sorted = java.util.Arrays.copyOf(pendingIds, pending);
    java.util.Arrays.sort(sorted);
    int[] ranks = new int[pending];
    for (int j = 0; j < pending; j++) ranks[j] = java.util.Arrays.binarySearch(sorted, pendingIds[j]);
    int[] self = new int[queries.length];
    RankTopK[] local = new RankTopK[queries.length];
    for (int q = 0; q < queries.length; q++) {
      self[q] = queryIds[q] == null ? -1 : Math.max(-1, java.util.Arrays.binarySearch(sorted, queryIds[q]));
      local[q] = new RankTopK(tops[q].k());
    }
    TileSearch.of(ranks, pendingRows, pending, dim).search(packedQueries, self, 0, queries.length, local);
    for (int q = 0; q < queries.length; q++) {
      RankList found = local[q].result();
      for (int i = 0; i < found.size(); i++) tops[q].offer(sorted[found.ranks()[i]], found.similarities()[i]);
    }
    pending = 0;
    return this;
  }

  public ExactSearch merge(ExactSearch other) {
    flush();
    other.flush();
    for (int q = 0; q < tops.length; q++) tops[q].merge(other.tops[q]);
    return this;
  }

  /** Neighbour lists, one per query in the order given. */
  public List<Neighbours> result() {
    flush();
    List<Neighbours> out = new ArrayList<>(tops.length);
    for (TopK t : tops) out.add(t.result());
    return out;
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    flush();
    out.defaultWriteObject();
  }
}
