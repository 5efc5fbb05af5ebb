package org.ascmr.density;

import java.util.List;

/**
 * A block of database vectors laid out for fast exact dot products that keep the reference
 * summation order. Rows are stored in panels of {@link #PANEL} rows, dimension by dimension
 * ({@code data[(g * dim + d) * 16 + r]} = component d of row 16 g + r), and a query's
 * similarities to the 16 rows of a panel are 16 running sums kept in registers while d goes
 * 0..D-1: the JIT packs the 16 independent statements into vector instructions, yet each sum
 * still adds the products one dimension after the other, in float, without fused multiply-add,
 * exactly as {@link Vectors#dot}. So the similarity of a pair has the same bits whichever block,
 * partition or machine computes it (tested bit for bit).
 */
public final class VectorBlock {
  /** Rows per panel: one AVX-512 or two AVX2 registers of floats. */
  public static final int PANEL = 16;

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
    float[] data = new float[paddedSize(n) * dim];
    for (int j = 0; j < n; j++) {
      float[] r = rows.get(j);
      if (r.length != dim) throw new IllegalArgumentException("row " + j + " has " + r.length + " values, expected " + dim);
      int base = (j / PANEL) * dim * PANEL + j % PANEL;
      for (int d = 0; d < dim; d++) data[base + d * PANEL] = r[d];
    }
    return new VectorBlock(ids == null ? null : ids.toArray(new String[0]), data, n, dim);
  }

  public static VectorBlock of(float[][] rows, int dim) {
    return of(null, java.util.Arrays.asList(rows), dim);
  }

  /** n rounded up to whole panels: the length a similarity buffer needs. */
  public static int paddedSize(int n) {
    return (n + PANEL - 1) / PANEL * PANEL;
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

  /** A buffer long enough for {@link #dotsInto}. */
  public float[] newScratch() {
    return new float[paddedSize(n)];
  }

  /** out[j] = dot(q, row j) for j < n; out needs {@link #paddedSize}(n) floats (the padding gets zeros' dots). */
  public void dotsInto(float[] q, float[] out) {
    int groups = (n + PANEL - 1) / PANEL;
    int stride = dim * PANEL;
    for (int g = 0; g < groups; g++) {
      float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
      float a8 = 0f, a9 = 0f, a10 = 0f, a11 = 0f, a12 = 0f, a13 = 0f, a14 = 0f, a15 = 0f;
      int p = g * stride;
      for (int d = 0; d < dim; d++, p += PANEL) {
        float qd = q[d];
        a0 += qd * data[p];
        a1 += qd * data[p + 1];
        a2 += qd * data[p + 2];
        a3 += qd * data[p + 3];
        a4 += qd * data[p + 4];
        a5 += qd * data[p + 5];
        a6 += qd * data[p + 6];
        a7 += qd * data[p + 7];
        a8 += qd * data[p + 8];
        a9 += qd * data[p + 9];
        a10 += qd * data[p + 10];
        a11 += qd * data[p + 11];
        a12 += qd * data[p + 12];
        a13 += qd * data[p + 13];
        a14 += qd * data[p + 14];
        a15 += qd * data[p + 15];
      }
      int o = g * PANEL;
      out[o] = a0;
      out[o + 1] = a1;
      out[o + 2] = a2;
      out[o + 3] = a3;
      out[o + 4] = a4;
      out[o + 5] = a5;
      out[o + 6] = a6;
      out[o + 7] = a7;
      out[o + 8] = a8;
      out[o + 9] = a9;
      out[o + 10] = a10;
      out[o + 11] = a11;
      out[o + 12] = a12;
      out[o + 13] = a13;
      out[o + 14] = a14;
      out[o + 15] = a15;
    }
  }

  /**
   * Offers every row except {@code selfId} to {@code top} with its similarity to {@code q}.
   * {@code scratch} must hold at least {@link #paddedSize}(size()) floats.
   */
  public void searchInto(float[] q, String selfId, TopK top, float[] scratch) {
    dotsInto(q, scratch);
    for (int j = 0; j < n; j++) {
      float s = scratch[j];
      if (s >= top.threshold() && !ids[j].equals(selfId)) top.offer(ids[j], s);
    }
  }
}
