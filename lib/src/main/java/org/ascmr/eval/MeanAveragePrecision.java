package org.ascmr.eval;

import java.util.Arrays;
import org.ascmr.linalg.ColumnDots;

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
    double[] sorted = new double[n];
    int[] ranks = new int[n];
    double[][] columns = ColumnDots.transpose(database);
    for (int start = 0; start < queries.length; start += blockSize) {
      int end = Math.min(queries.length, start + blockSize);
      for (int q = start; q < end; q++) similarities(queries[q], columns, sims[q - start]);
      for (int q = start; q < end; q++) {
        if (isEmpty(labelBits[q])) continue;
        double ap = averagePrecision(sims[q - start], labelBits, q, sorted, ranks);
        if (Double.isNaN(ap)) continue;
        sum += ap;
        counted++;
      }
    }
    return new double[] {counted == 0 ? 0 : sum / counted, counted};
  }

  /**
   * AP of one query given its similarity to every database item; NaN when nothing is relevant.
   * An item's 0-based rank is the number of items with a greater similarity plus the number of
   * equal ones at a lower index (ties by index). Only the relevant items' ranks are needed: they
   * come from one sort of the similarities and binary searches, and are then summed in rank
   * order, the same additions in the same order as walking the whole ranking (one sort, not two
   * sorts and a search per item: val mAP runs every training epoch and for every CCA candidate).
   */
  static double averagePrecision(double[] sim, long[][] bits, int query, double[] sorted, int[] ranks) {
    int n = sim.length;
    System.arraycopy(sim, 0, sorted, 0, n);
    Arrays.sort(sorted, 0, n);
    boolean ties = false;
    for (int i = 1; i < n && !ties; i++) ties = Double.compare(sorted[i - 1], sorted[i]) == 0;
    long[] qBits = bits[query];
    int hits = 0;
    if (!ties) {
      for (int j = 0; j < n; j++) {
        if (shares(qBits, bits[j])) ranks[hits++] = n - upperBound(sorted, n, sim[j]);
      }
    } else {
      // equal similarities: those at a lower index rank first; count them per value, indices ascending
      int[] seen = new int[n];
      for (int j = 0; j < n; j++) {
        int first = lowerBound(sorted, n, sim[j]);
        int rank = n - upperBound(sorted, n, sim[j]) + seen[first]++;
        if (shares(qBits, bits[j])) ranks[hits++] = rank;
      }
    }
    if (hits == 0) return Double.NaN;
    Arrays.sort(ranks, 0, hits);
    double sum = 0;
    for (int h = 0; h < hits; h++) sum += (double) (h + 1) / (ranks[h] + 1);
    return sum / hits;
  }

  /** First index of {@code sorted[0, n)} (ascending) holding a value not less than {@code v}. */
  private static int lowerBound(double[] sorted, int n, double v) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], v) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index of {@code sorted[0, n)} (ascending) holding a value greater than {@code v}. */
  private static int upperBound(double[] sorted, int n, double v) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], v) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** row[j] = query . item j ({@link ColumnDots}: summed in order of k, so the bits of a plain dot product). */
  static void similarities(double[] query, double[][] columns, double[] row) {
    java.util.Arrays.fill(row, 0.0);
    ColumnDots.accumulate(query, columns, 0, row.length, row);
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
