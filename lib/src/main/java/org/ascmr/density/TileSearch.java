package org.ascmr.density;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact top-k search of a tile of queries against a block of items at BLAS speed, with the
 * reference similarities. One ND4J sgemm gives every (query, item) similarity of the tile; each
 * loaded item is reused across all the tile's queries, which is what makes it fast. But BLAS
 * sums in its own order (blocked, fused multiply-add), so a pair's value can differ in the last
 * bits with the tile's shape. Hence the rule that keeps lists independent of the tiling:
 *
 * <p><b>Tolerance-and-rescore rule.</b> An item is a candidate of a query when its sgemm
 * similarity is at least the query's current k-th best (reference) similarity minus {@link
 * #tolerance}; a candidate is scored again with the fixed-order {@link Vectors#dot}, and only that
 * value enters the {@link TopK} (whose total order breaks ties by id). A true neighbour has a
 * reference similarity at or above every intermediate k-th best, and the sgemm value is within
 * the tolerance of it, so it is never skipped; the lists therefore equal those of scoring every
 * pair with {@link Vectors#dot}, bit for bit, whatever the tile and block sizes or partitions.
 * The tolerance bounds the error of two float sums of D products: |error| &lt;= 2 D 2^-24 ||q||
 * ||x|| (Higham's gamma_D bound, twice), taken with a safety factor of 8.
 */
public final class TileSearch {
  /**
   * Queries and items per sgemm: 512 x 2,048 similarities (4 MB, in L3 cache while scanned), 134
   * MFLOP per call to amortise its fixed cost (on this project's 2-core machine 256 x 1,024 ran
   * at two thirds of this tile's rate).
   */
  public static final int QUERY_TILE = 512;
  public static final int ITEM_TILE = 2048;

  private static final double UNIT_ROUNDOFF = 0x1p-24;
  private static final double SAFETY = 8;

  private final String[] ids;
  private final float[] rows;
  private final int n;
  private final int dim;
  private final double maxNorm;
  private transient INDArray[] itemTiles;

  private TileSearch(String[] ids, float[] rows, int n, int dim) {
    this.ids = ids;
    this.rows = rows;
    this.n = n;
    this.dim = dim;
    double m = 0;
    for (int j = 0; j < n; j++) m = Math.max(m, norm(rows, j * dim, dim));
    this.maxNorm = m;
  }

  /** A block of {@code n} items: {@code rows} holds them row after row (n x dim floats, not copied). */
  public static TileSearch of(String[] ids, float[] rows, int n, int dim) {
    if (ids.length < n || rows.length < (long) n * dim) {
      throw new IllegalArgumentException(ids.length + " ids and " + rows.length + " floats for " + n + " rows of "
          + dim);
    }
    return new TileSearch(ids, rows, n, dim);
  }

  public static TileSearch of(List<String> ids, List<float[]> rows, int dim) {
    return of(ids.toArray(new String[0]), pack(rows, dim), rows.size(), dim);
  }

  /** Rows of equal length, one after the other in one array. */
  public static float[] pack(List<float[]> rows, int dim) {
    float[] out = new float[rows.size() * dim];
    for (int j = 0; j < rows.size(); j++) {
      float[] r = rows.get(j);
      if (r.length != dim) throw new IllegalArgumentException("row " + j + " has " + r.length + " values, expected " + dim);
      System.arraycopy(r, 0, out, j * dim, dim);
    }
    return out;
  }

  public int size() {
    return n;
  }

  public String id(int j) {
    return ids[j];
  }

  /** The slack added below a query's k-th best similarity before an item is rescored. */
  public static double tolerance(int dim, double queryNorm, double itemNorm) {
    return SAFETY * 2 * dim * UNIT_ROUNDOFF * queryNorm * itemNorm;
  }

  /**
   * Offers every item to the top list of every query of the tile: queries {@code from} to {@code
   * to} (exclusive) of {@code queries} (row after row, dim floats each), into {@code tops[i -
   * from]}; an item whose id equals the query's ({@code queryIds[i]}, may be null) is skipped.
   */
  public void search(float[] queries, String[] queryIds, int from, int to, TopK[] tops) {
    if (n == 0) return;
    if (itemTiles == null) itemTiles = itemTiles();
    float[] sims = new float[QUERY_TILE * ITEM_TILE];
    for (int start = from; start < to; start += QUERY_TILE) {
      int m = Math.min(to, start + QUERY_TILE) - start;
      try (INDArray q = matrix(queries, start, m, dim)) {
        for (int t = 0; t < itemTiles.length; t++) {
          int first = t * ITEM_TILE;
          int width = Math.min(n - first, ITEM_TILE);
          similarities(q, itemTiles[t], sims);
          for (int i = 0; i < m; i++) {
            int qi = start + i;
            scan(queries, qi, queryIds == null ? null : queryIds[qi], sims, i * width, first, width, tops[qi - from]);
          }
        }
      }
    }
  }

  /** out = queries x items^T (m x w, row after row) by one sgemm; out holds at least m w floats. */
  static void similarities(INDArray queries, INDArray items, float[] out) {
    try (INDArray s = Nd4j.gemm(queries, items, false, true)) {
      s.data().asNioFloat().get(out, 0, (int) s.length());
    }
  }

  /** Rows first..first+count-1 of a row-after-row array as an ND4J matrix (a copy: ND4J memory is off-heap). */
  static INDArray matrix(float[] rows, int first, int count, int dim) {
    return Nd4j.create(java.util.Arrays.copyOfRange(rows, first * dim, (first + count) * dim),
        new long[] {count, dim}, DataType.FLOAT);
  }

  /** The items as ND4J matrices of at most {@link #ITEM_TILE} rows (copies: ND4J memory is off-heap). */
  private INDArray[] itemTiles() {
    INDArray[] out = new INDArray[(n + ITEM_TILE - 1) / ITEM_TILE];
    for (int t = 0; t < out.length; t++) {
      int first = t * ITEM_TILE;
      out[t] = matrix(rows, first, Math.min(n - first, ITEM_TILE), dim);
    }
    return out;
  }

  /** Items first..first+width-1 against query qi, whose sgemm similarities start at sims[base]. */
  private void scan(float[] queries, int qi, String selfId, float[] sims, int base, int first, int width, TopK top) {
    int qOff = qi * dim;
    float tol = (float) tolerance(dim, norm(queries, qOff, dim), maxNorm);
    float bar = top.threshold() - tol;
    for (int c = 0; c < width; c++) {
      if (sims[base + c] < bar) continue;
      int j = first + c;
      float exact = dot(queries, qOff, rows, j * dim, dim);
      if (exact >= top.threshold() && (selfId == null || !ids[j].equals(selfId)) && top.offer(ids[j], exact)) {
        bar = top.threshold() - tol;
      }
    }
  }

  static double norm(float[] a, int off, int dim) {
    double s = 0;
    for (int d = 0; d < dim; d++) s += (double) a[off + d] * a[off + d];
    return Math.sqrt(s);
  }

  /** The {@link Vectors#dot} order: d = 0..D-1, in float, no fused multiply-add. */
  static float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    float s = 0f;
    for (int d = 0; d < dim; d++) s += a[aOff + d] * b[bOff + d];
    return s;
  }

}
