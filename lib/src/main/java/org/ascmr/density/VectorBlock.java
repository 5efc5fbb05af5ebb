package org.ascmr.density;

import java.util.List;

/**
 * A block of database vectors stored dimension-major ({@code data[d * n + j]} = component d of
 * row j), so that the similarities of one query to all n rows are n independent running sums
 * updated one dimension at a time: the inner loop over rows vectorises, and each sum still adds
 * the products in the order d = 0..D-1, exactly as {@link Vectors#dot}. The similarity of a pair
 * therefore has the same bits whichever block, partition or machine computes it.
 */
public final class VectorBlock {
  private final String[] ids;
  private final float[] data;
  private final int n;
  private final int dim;

  private VectorBlock(String[] ids, float[] data, int n, int dim) {
    this.ids = ids;
    this.data = data;
    this.n = n;
    this.dim = dim;
  }

  /** Builds a block from rows of equal length; {@code ids} may be null (e.g. centroids). */
  public static VectorBlock of(List<String> ids, List<float[]> rows, int dim) {
    int n = rows.size();
    if (ids != null && ids.size() != n) {
      throw new IllegalArgumentException(ids.size() + " ids for " + n + " rows");
    }
    float[] data = new float[n * dim];
    for (int j = 0; j < n; j++) {
      float[] r = rows.get(j);
      if (r.length != dim) throw new IllegalArgumentException("row " + j + " has " + r.length + " values, expected " + dim);
      for (int d = 0; d < dim; d++) data[d * n + j] = r[d];
    }
    return new VectorBlock(ids == null ? null : ids.toArray(new String[0]), data, n, dim);
  }

  public static VectorBlock of(float[][] rows, int dim) {
    return of(null, java.util.Arrays.asList(rows), dim);
  }

  public int size() {
    return n;
  }

  public int dim() {
    return dim;
  }

  public String id(int j) {
    return ids[j];
  }

  /** out[j] = dot(q, row j) for j < n (out may be longer). */
  public void dotsInto(float[] q, float[] out) {
    java.util.Arrays.fill(out, 0, n, 0f);
    for (int d = 0; d < dim; d++) {
      float qd = q[d];
      int base = d * n;
      for (int j = 0; j < n; j++) out[j] += qd * data[base + j];
    }
  }

  /**
   * Offers every row except {@code selfId} to {@code top} with its similarity to {@code q}.
   * {@code scratch} must hold at least {@link #size()} floats.
   */
  public void searchInto(float[] q, String selfId, TopK top, float[] scratch) {
    dotsInto(q, scratch);
    for (int j = 0; j < n; j++) {
      float s = scratch[j];
      if (s >= top.threshold() && !ids[j].equals(selfId)) top.offer(ids[j], s);
    }
  }
}
