package org.ascmr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MeanAveragePrecisionTest {
  private static final double EXACT = 1e-12;

  @Test
  void rejectsMismatchedRows() {
    assertThrows(IllegalArgumentException.class, () -> new MeanAveragePrecision().evaluate(
        new float[2][1], new float[3][1], new float[2][1]));
    assertThrows(IllegalArgumentException.class, () -> new MeanAveragePrecision(0));
  }

  /**
   * Three items in 2-d, labels A, B, A. Image vectors (1,0), (0,1), (1,1); text vectors
   * (1,0), (0,1), (-1,0).
   * I2T query 0 (A), sims to texts: 1, 0, -1 -> ranking 0,1,2; relevant {0,2} at ranks 1 and 3:
   *   AP = (1/1 + 2/3) / 2 = 5/6.
   * query 1 (B): sims 0, 1, 0 -> ranking 1, then tie 0,2 broken by index -> 1,0,2; relevant {1}
   *   at rank 1: AP = 1.
   * query 2 (A): sims .707, .707, -.707 -> tie 0,1 by index -> 0,1,2; relevant {0,2} at 1 and 3:
   *   AP = 5/6.  I2T = (5/6 + 1 + 5/6) / 3 = 8/9.
   * T2I query 0 (A): sims to images 1, 0, .707 -> 0,2,1; relevant {0,2} at 1,2: AP = 1.
   * query 1 (B): sims 0, 1, .707 -> 1,2,0; relevant {1} at 1: AP = 1.
   * query 2 (A): sims -1, 0, -.707 -> 1,2,0; relevant {0,2} at ranks 3 and 2: (1/2 + 2/3)/2 = 7/12.
   *   T2I = (1 + 1 + 7/12) / 3 = 31/36.
   */
  @Test
  void threeItemsByHand() {
    float[][] img = {{1, 0}, {0, 1}, {1, 1}};
    float[][] txt = {{1, 0}, {0, 1}, {-1, 0}};
    float[][] y = {{1, 0}, {0, 1}, {1, 0}};
    RetrievalMap m = new MeanAveragePrecision().evaluate(img, txt, y);
    assertEquals(8.0 / 9, m.i2t(), EXACT);
    assertEquals(31.0 / 36, m.t2i(), EXACT);
    assertEquals(3, m.imageQueries());
  }

  /**
   * All similarities tie (identical database vectors): the ranking is by index. Items 0..3 with
   * labels A, -, A, B (item 1 has none). Query 0 (A): order 0,1,2,3; relevant {0,2} -> (1 + 2/3)/2.
   * Query 1 is skipped (no labels). Query 2 (A): same order -> (1 + 2/3)/2. Query 3 (B): relevant
   * {3} at rank 4 -> 1/4. mAP = (5/6 + 5/6 + 1/4) / 3 = 23/36 with 3 queries.
   */
  @Test
  void tiesByIndexAndLabelLessQueriesSkipped() {
    float[][] img = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
    float[][] txt = {{3, 4}, {3, 4}, {3, 4}, {3, 4}};
    float[][] y = {{1, 0}, {0, 0}, {1, 0}, {0, 1}};
    RetrievalMap m = new MeanAveragePrecision().evaluate(img, txt, y);
    assertEquals(23.0 / 36, m.i2t(), EXACT);
    assertEquals(3, m.imageQueries());
  }

  @Test
  void agreesWithNaiveReferenceOnRandomDataForAnyBlockSize() {
    Random rnd = new Random(42);
    int n = 300;
    int d = 7;
    int c = 5;
    float[][] img = new float[n][d];
    float[][] txt = new float[n][d];
    float[][] y = new float[n][c];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        // Coarse values so that exact ties occur.
        img[i][j] = rnd.nextInt(3) - 1;
        txt[i][j] = (float) rnd.nextGaussian();
      }
      for (int k = 0; k < c; k++) y[i][k] = rnd.nextDouble() < 0.25 ? 1 : 0;
    }
    double refI2t = naive(img, txt, y);
    double refT2i = naive(txt, img, y);
    for (int block : new int[] {1, 7, 256, 1000}) {
      RetrievalMap m = new MeanAveragePrecision(block).evaluate(img, txt, y);
      assertEquals(refI2t, m.i2t(), 1e-9, "block " + block);
      assertEquals(refT2i, m.t2i(), 1e-9, "block " + block);
    }
  }

  /**
   * The AP of a query is the same double, bit for bit, as the earlier full ranking (sort of the
   * similarities, rank of every item by binary search, sort of (rank, index) keys, walk): with
   * distinct similarities, with coarse ones full of ties, with signed zeros and all equal.
   */
  @Test
  void averagePrecisionHasTheBitsOfTheFullRanking() {
    Random rnd = new Random(9);
    int n = 500;
    long[][] bits = new long[n][];
    for (int i = 0; i < n; i++) bits[i] = new long[] {1L << rnd.nextInt(6) | (rnd.nextInt(4) == 0 ? 2 : 0)};
    double[] sorted = new double[n];
    int[] ranks = new int[n];
    for (int kind = 0; kind < 4; kind++) {
      for (int q = 0; q < 20; q++) {
        double[] sim = new double[n];
        for (int j = 0; j < n; j++) {
          sim[j] = switch (kind) {
            case 0 -> rnd.nextGaussian();
            case 1 -> rnd.nextInt(7) / 3.0;
            case 2 -> rnd.nextBoolean() ? 0.0 : -0.0;
            default -> 0.25;
          };
        }
        double want = fullRanking(sim.clone(), bits, q);
        double got = MeanAveragePrecision.averagePrecision(sim, bits, q, sorted, ranks);
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), "kind " + kind + " query " + q);
      }
    }
  }

  /** Similarities four dimensions per pass keep the bits of one dot product per item, summed in order. */
  @Test
  void similaritiesHaveTheBitsOfSequentialDotProducts() {
    Random rnd = new Random(5);
    int n = 37;
    int d = 11;
    double[][] db = new double[n][d];
    double[] q = new double[d];
    for (int k = 0; k < d; k++) q[k] = rnd.nextGaussian();
    for (double[] row : db) for (int k = 0; k < d; k++) row[k] = rnd.nextGaussian();
    double[] got = new double[n];
    MeanAveragePrecision.similarities(q, org.ascmr.linalg.ColumnDots.transpose(db), got);
    for (int j = 0; j < n; j++) {
      double want = 0;
      for (int k = 0; k < d; k++) want += q[k] * db[j][k];
      assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[j]), "item " + j);
    }
  }

  /** The earlier AP: every item's rank (count of greater values), then a sort of (rank, index). */
  private static double fullRanking(double[] sim, long[][] bits, int query) {
    int n = sim.length;
    double[] sorted = sim.clone();
    java.util.Arrays.sort(sorted);
    long[] keys = new long[n];
    for (int j = 0; j < n; j++) {
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Double.compare(sorted[mid], sim[j]) <= 0) lo = mid + 1;
        else hi = mid;
      }
      keys[j] = ((long) (n - lo) << 32) | j;
    }
    java.util.Arrays.sort(keys);
    double sum = 0;
    int hits = 0;
    for (int r = 0; r < n; r++) {
      long other = bits[(int) (keys[r] & 0xffffffffL)][0];
      if ((bits[query][0] & other) != 0) {
        hits++;
        sum += (double) hits / (r + 1);
      }
    }
    return hits == 0 ? Double.NaN : sum / hits;
  }

  /** The definition, written as plainly as possible: full sort per query with boxed comparators. */
  private static double naive(float[][] q, float[][] db, float[][] y) {
    double total = 0;
    int counted = 0;
    for (int i = 0; i < q.length; i++) {
      boolean hasLabel = false;
      for (float v : y[i]) hasLabel |= v != 0;
      if (!hasLabel) continue;
      List<double[]> ranked = new ArrayList<>();
      for (int j = 0; j < db.length; j++) ranked.add(new double[] {cosine(q[i], db[j]), j});
      ranked.sort(Comparator.<double[]>comparingDouble(a -> -a[0]).thenComparingDouble(a -> a[1]));
      int hits = 0;
      double sum = 0;
      for (int r = 0; r < ranked.size(); r++) {
        int j = (int) ranked.get(r)[1];
        boolean rel = false;
        for (int k = 0; k < y[i].length; k++) rel |= y[i][k] != 0 && y[j][k] != 0;
        if (rel) {
          hits++;
          sum += (double) hits / (r + 1);
        }
      }
      if (hits > 0) {
        total += sum / hits;
        counted++;
      }
    }
    return total / counted;
  }

  private static double cosine(float[] a, float[] b) {
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    na = Math.sqrt(na);
    nb = Math.sqrt(nb);
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (na == 0 ? 0 : a[i] / na) * (nb == 0 ? 0 : b[i] / nb);
    return s;
  }
}
