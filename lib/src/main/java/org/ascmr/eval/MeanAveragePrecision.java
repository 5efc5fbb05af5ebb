package org.ascmr.eval;

import java.util.Arrays;

/**
 * mAP@all for cross-modal retrieval exactly as method.md §3: queries are the items of one modality,
 * the database is all items of the other modality (the paired item included); ranking by cosine
 * similarity, descending, ties broken by database index (lower first); an item is relevant when it
 * shares at least one label with the query; AP_q = (1/R_q) sum over relevant ranks r of
 * (relevant in top r)/r; queries without labels, or with no relevant item, are skipped.
 *
 * <p>Similarities are computed in double precision from L2-normalised rows, one block of queries
 * at a time, so memory is O(blockSize x N) rather than O(N^2): a 20,000-item test set needs a
 * few tens of MB.
 */
public final class MeanAveragePrecision {
  /** Queries per block: 256 x 20,000 doubles = 40 MB. */
  public static final int DEFAULT_BLOCK = 256;

  private final int blockSize;

  public MeanAveragePrecision() {
    this(DEFAULT_BLOCK);
  }

  public MeanAveragePrecision(int blockSize) {
    if (blockSize < 1) throw new IllegalArgumentException("blockSize must be >= 1, was " + blockSize);
    this.blockSize = blockSize;
  }

  /**
   * Evaluates both directions. {@code image[i]}, {@code text[i]} and {@code labels[i]} belong to
   * item i; label vectors are multi-hot (any non-zero counts as a label).
   */
  public RetrievalMap evaluate(float[][] image, float[][] text, float[][] labels) {
    if (image.length != text.length || image.length != labels.length) {
      throw new IllegalArgumentException("image, text and labels must have one row per item: "
          + image.length + ", " + text.length + ", " + labels.length);
    }
    long[][] bits = labelBits(labels);
    double[] i2t = meanAp(normalise(image), normalise(text), bits);
    double[] t2i = meanAp(normalise(text), normalise(image), bits);
    return new RetrievalMap(i2t[0], t2i[0], (int) i2t[1], (int) t2i[1]);
  }

  /** One direction: returns {mAP, number of queries counted}. */
  public double[] meanAp(double[][] queries, double[][] database, long[][] labelBits) {
    int n = database.length;
    double sum = 0;
    int counted = 0;
    double[][] sims = new double[Math.min(blockSize, queries.length)][n];
    long[] keys = new long[n];
    double[][] columns = transpose(database);
    for (int start = 0; start < queries.length; start += blockSize) {
      int end = Math.min(queries.length, start + blockSize);
      for (int q = start; q < end; q++) similarities(queries[q], columns, sims[q - start]);
      for (int q = start; q < end; q++) {
        if (isEmpty(labelBits[q])) continue;
        double ap = averagePrecision(sims[q - start], labelBits, q, keys);
        if (Double.isNaN(ap)) continue;
        sum += ap;
        counted++;
      }
    }
    return new double[] {counted == 0 ? 0 : sum / counted, counted};
  }

  /** AP of one query given its similarity to every database item; NaN when nothing is relevant. */
  private static double averagePrecision(double[] sim, long[][] bits, int query, long[] keys) {
    int n = sim.length;
    // Order by (similarity desc, index asc) with primitive sorts only: the number of strictly
    // greater similarities is a rank shared by ties; packing (rank, index) into a long makes the
    // tie-break by index part of one sort.
    double[] sorted = sim.clone();
    Arrays.sort(sorted);
    for (int j = 0; j < n; j++) {
      long greater = n - upperBound(sorted, sim[j]);
      keys[j] = (greater << 32) | j;
    }
    Arrays.sort(keys, 0, n);
    long[] qBits = bits[query];
    double sum = 0;
    int hits = 0;
    for (int r = 0; r < n; r++) {
      if (shares(qBits, bits[(int) (keys[r] & 0xffffffffL)])) {
        hits++;
        sum += (double) hits / (r + 1);
      }
    }
    return hits == 0 ? Double.NaN : sum / hits;
  }

  /** First index of {@code sorted} (ascending) holding a value greater than {@code v}. */
  private static int upperBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], v) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * row[j] = sum_k query[k] database[j][k], accumulated over k in ascending order for every j at
   * once: the same operations in the same order as a dot product per item (so the same bits), but
   * the inner loop runs along j over contiguous memory with no dependency between iterations, which
   * the JIT vectorises. Validation mAP runs every epoch; the per-item dot products were half of a
   * small labelled set's epoch.
   */
  static void similarities(double[] query, double[][] columns, double[] row) {
    java.util.Arrays.fill(row, 0.0);
    for (int k = 0; k < columns.length; k++) {
      double qk = query[k];
      double[] col = columns[k];
      for (int j = 0; j < row.length; j++) row[j] += qk * col[j];
    }
  }

  /** database[j][k] -> columns[k][j]. */
  static double[][] transpose(double[][] database) {
    int dim = database.length == 0 ? 0 : database[0].length;
    double[][] out = new double[dim][database.length];
    for (int j = 0; j < database.length; j++) {
      for (int k = 0; k < dim; k++) out[k][j] = database[j][k];
    }
    return out;
  }

  /** Rows scaled to unit L2 norm in double precision (zero rows stay zero). */
  public static double[][] normalise(float[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double[] r = new double[rows[i].length];
      double norm = 0;
      for (int j = 0; j < r.length; j++) {
        r[j] = rows[i][j];
        norm += r[j] * r[j];
      }
      norm = Math.sqrt(norm);
      if (norm > 0) for (int j = 0; j < r.length; j++) r[j] /= norm;
      out[i] = r;
    }
    return out;
  }

  public static long[][] labelBits(float[][] labels) {
    long[][] out = new long[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      float[] y = labels[i];
      long[] b = new long[y == null ? 0 : (y.length + 63) / 64];
      if (y != null) for (int c = 0; c < y.length; c++) if (y[c] != 0f) b[c >>> 6] |= 1L << (c & 63);
      out[i] = b;
    }
    return out;
  }

  private static boolean isEmpty(long[] b) {
    for (long w : b) if (w != 0) return false;
    return true;
  }

  private static boolean shares(long[] a, long[] b) {
    int m = Math.min(a.length, b.length);
    for (int i = 0; i < m; i++) if ((a[i] & b[i]) != 0) return true;
    return false;
  }
}
