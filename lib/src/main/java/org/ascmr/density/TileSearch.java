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
 * value enters the {@link RankTopK} (whose total order breaks ties by rank, i.e. by id). A true neighbour has a
 * reference similarity at or above every intermediate k-th best, and the sgemm value is within
 * the tolerance of it, so it is never skipped; the lists therefore equal those of scoring every
 * pair with {@link Vectors#dot}, bit for bit, whatever the tile and block sizes or partitions.
 * The tolerance bounds the error of two float sums of D products: |error| &lt;= 2 D 2^-24 ||q||
 * ||x|| (Higham's gamma_D bound, twice), taken with a safety factor of 8.
 *
 * <p>Items are keyed by rank (their position in the pool's id order, see {@link RankTopK}), not by
 * id string: the callers ship ints between stages, and ties still break by id.
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

  private final int[] ranks;
  private final float[] rows;
  private final int n;
  private final int dim;
  private final double maxNorm;
  private transient INDArray[] itemTiles;

  private TileSearch(int[] ranks, float[] rows, int n, int dim) {
    this.ranks = ranks;
    this.rows = rows;
    this.n = n;
    this.dim = dim;
    double m = 0;
    for (int j = 0; j < n; j++) m = Math.max(m, norm(rows, j * dim, dim));
    this.maxNorm = m;
  }

  /**
   * A block of {@code n} items with distinct ranks: {@code rows} holds them row after row (n x dim
   * floats); neither array is copied.
   */
  public static TileSearch of(int[] ranks, float[] rows, int n, int dim) {
    if (ranks.length < n || rows.length < (long) n * dim) {
      throw new IllegalArgumentException(ranks.length + " ranks and " + rows.length + " floats for " + n + " rows of "
          + dim);
    }
    return new TileSearch(ranks, rows, n, dim);
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

  public int rank(int j) {
    return ranks[j];
  }

  /** The slack added below a query's k-th best similarity before an item is rescored. */
  public static double tolerance(int dim, double queryNorm, double itemNorm) {
    return SAFETY * 2 * dim * UNIT_ROUNDOFF * queryNorm * itemNorm;
  }

  /**
   * Offers every item to the top list of every query of the tile: queries {@code from} to {@code
   * to} (exclusive) of {@code queries} (row after row, dim floats each), into {@code tops[i -
   * from]}; an item whose rank equals the query's ({@code queryRanks[i]}; the array may be null, a
   * negative rank matches nothing) is skipped.
   */
  public void search(float[] queries, int[] queryRanks, int from, int to, RankTopK[] tops) {
    if (n == 0) return;
    if (itemTiles == null) itemTiles = itemTiles();
    java.util.Map<Long, INDArray> outs = new java.util.HashMap<>(); // one per (rows, width) shape, reused
    int maxK = 0;
    for (int i = 0; i < to - from; i++) maxK = Math.max(maxK, tops[i].k());
    float[] heap = new float[maxK + 1];
    for (int start = from; start < to; start += QUERY_TILE) {
      int m = Math.min(to, start + QUERY_TILE) - start;
      try (INDArray q = matrix(queries, start, m, dim)) {
        for (int t = 0; t < itemTiles.length; t++) {
          int first = t * ITEM_TILE;
          int width = Math.min(n - first, ITEM_TILE);
          INDArray out = outs.computeIfAbsent(((long) m << 32) | width,
              key -> Nd4j.create(DataType.FLOAT, m, width));
          Nd4j.gemm(q, itemTiles[t], out, false, true, 1.0, 0.0);
          java.nio.FloatBuffer sims = out.data().asNioFloat(); // scanned in place: no copy to the heap
          for (int i = 0; i < m; i++) {
            int qi = start + i;
            scan(queries, qi, queryRanks == null ? -1 : queryRanks[qi], sims, i * width, first, width, tops[qi - from],
                heap);
          }
        }
      }
    }
    outs.values().forEach(INDArray::close);
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

  /**
   * Items first..first+width-1 against query qi, whose sgemm similarities start at sims[base].
   * Besides the running bar (the list's k-th best minus the tolerance), a tile-local bar: if
   * {@code s} is the (k+1)-th largest sgemm value of the tile, at least k items other than the
   * query itself have a reference similarity of at least {@code s - tol}, so an item of the tile
   * that can enter the list has a reference similarity of at least that and an sgemm value of at
   * least {@code s - 2 tol}. Without it a fresh list rescored every item that raised its running
   * k-th best (about k ln(width / k) of them); with it about k. It is computed for lists not yet
   * full, which in the density stage is every (query, block), each with a fresh list.
   */
  private void scan(float[] queries, int qi, int selfRank, java.nio.FloatBuffer sims, int base, int first, int width, RankTopK top,
      float[] heap) {
    int qOff = qi * dim;
    float tol = (float) tolerance(dim, norm(queries, qOff, dim), maxNorm);
    int kk = top.k() + 1;
    // only for a list not yet full: once full, its own bar is usually the tighter one
    float tileBar = top.size() < top.k() && width >= kk ? kthLargest(sims, base, width, kk, heap) - 2 * tol
        : Float.NEGATIVE_INFINITY;
    float bar = Math.max(top.threshold() - tol, tileBar);
    for (int c = 0; c < width; c++) {
      if (sims.get(base + c) < bar) continue;
      int j = first + c;
      float exact = dot(queries, qOff, rows, j * dim, dim);
      if (exact >= top.threshold() && ranks[j] != selfRank && top.offer(ranks[j], exact)) {
        bar = Math.max(top.threshold() - tol, tileBar);
      }
    }
  }

  /** The kk-th largest of a[off..off+len) (kk <= len), with {@code heap} (at least kk floats) as scratch. */
  static float kthLargest(java.nio.FloatBuffer a, int off, int len, int kk, float[] heap) {
    for (int i = 0; i < kk; i++) heap[i] = a.get(off + i);
    for (int i = kk / 2 - 1; i >= 0; i--) siftDownMin(heap, i, kk);
    for (int i = kk; i < len; i++) {
      float v = a.get(off + i);
      if (v > heap[0]) {
        heap[0] = v;
        siftDownMin(heap, 0, kk);
      }
    }
    return heap[0];
  }

  private static void siftDownMin(float[] h, int i, int n) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) return;
      int m = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
      if (h[m] >= h[i]) return;
      float t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
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
