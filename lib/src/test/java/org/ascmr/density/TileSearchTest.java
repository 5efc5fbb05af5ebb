package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TileSearchTest {
  private static final int DIM = 64;
  private static final int K = 10;

  /**
   * Items: random unit vectors, plus exact duplicates under other ids (ties broken by id) and
   * near-duplicates one float step apart in several components (similarities closer than the
   * sgemm's rounding error, where only the rescoring rule keeps the reference order).
   */
  private static float[] items(Random r, int n, String[] ids) {
    float[] out = new float[n * DIM];
    for (int i = 0; i < n; i++) {
      float[] v;
      if (i >= 100 && i % 50 == 0) {
        v = Arrays.copyOfRange(out, (i - 1) * DIM, i * DIM); // duplicate of the previous row
      } else if (i >= 100 && i % 50 == 1) {
        v = Arrays.copyOfRange(out, (i - 2) * DIM, (i - 1) * DIM);
        for (int d = 0; d < DIM; d += 3) v[d] = Math.nextUp(v[d]);
      } else {
        v = new float[DIM];
        for (int d = 0; d < DIM; d++) v[d] = (float) r.nextGaussian();
        v = Vectors.normalise(v);
      }
      System.arraycopy(v, 0, out, i * DIM, DIM);
      ids[i] = String.format("x%05d", (i * 7919) % n); // ids not in row order
    }
    return out;
  }

  private static Neighbours reference(float[] q, int qOff, String selfId, float[] rows, String[] ids, int n) {
    TopK top = new TopK(K);
    float[] qv = Arrays.copyOfRange(q, qOff, qOff + DIM);
    for (int j = 0; j < n; j++) {
      if (!ids[j].equals(selfId)) top.offer(ids[j], Vectors.dot(qv, Arrays.copyOfRange(rows, j * DIM, (j + 1) * DIM)));
    }
    return top.result();
  }

  /**
   * The lists equal those of scoring every pair with {@link Vectors#dot}, bit for bit, whatever
   * the blocks the items are split into (several sgemm tiles, one row, odd sizes) and the query
   * ranges searched at once: the property that makes the kNN graph independent of partitioning.
   */
  @Test
  void sameListsAsScoringEveryPairWhateverTheBlocking() {
    Random r = new Random(11);
    int n = TileSearch.ITEM_TILE + 700;
    String[] ids = new String[n];
    float[] rows = items(r, n, ids);
    // queries: every 5th item (itself excluded by id, its duplicates kept) and fresh vectors
    int m = TileSearch.QUERY_TILE + 90;
    float[] qs = new float[m * DIM];
    String[] qids = new String[m];
    for (int i = 0; i < m; i++) {
      int j = (i * 5) % n;
      System.arraycopy(rows, j * DIM, qs, i * DIM, DIM);
      qids[i] = i % 2 == 0 ? ids[j] : null;
    }
    List<Neighbours> expected = new ArrayList<>();
    for (int i = 0; i < m; i++) expected.add(reference(qs, i * DIM, qids[i], rows, ids, n));

    for (int blockRows : new int[] {n, 2049, 500, 7, 1}) {
      for (int queryRange : blockRows < 100 ? new int[] {m} : new int[] {m, 37}) {
        TopK[] tops = new TopK[m];
        for (int i = 0; i < m; i++) tops[i] = new TopK(K);
        for (int first = 0; first < n; first += blockRows) {
          int count = Math.min(blockRows, n - first);
          TileSearch block = TileSearch.of(Arrays.copyOfRange(ids, first, first + count),
              Arrays.copyOfRange(rows, first * DIM, (first + count) * DIM), count, DIM);
          for (int from = 0; from < m; from += queryRange) {
            int to = Math.min(m, from + queryRange);
            block.search(qs, qids, from, to, Arrays.copyOfRange(tops, from, to));
          }
          if (blockRows == 1 && first > 300) break; // one-row blocks: the first 300 rows suffice
        }
        if (blockRows == 1) continue;
        for (int i = 0; i < m; i++) {
          assertEquals(expected.get(i), tops[i].result(), "query " + i + ", blocks of " + blockRows + " rows");
        }
      }
    }
  }

  @Test
  void excludesTheQueryByIdAndFindsItsDuplicate() {
    float[] rows = {1, 0, 0.6f, 0.8f, 1, 0};
    TileSearch block = TileSearch.of(new String[] {"a", "b", "c"}, rows, 3, 2);
    TopK[] tops = {new TopK(2)};
    block.search(new float[] {1, 0}, new String[] {"a"}, 0, 1, tops);
    assertArrayEquals(new String[] {"c", "b"}, tops[0].result().ids());
    assertArrayEquals(new float[] {1f, 0.6f}, tops[0].result().similarities());
  }

  @Test
  void toleranceCoversTwoFloatSumsOfUnitVectors() {
    // two sums of 64 products of unit vectors differ by at most 2 * 64 * 2^-24; the rule keeps a margin
    assertEquals(8 * 2 * 64 * 0x1p-24, TileSearch.tolerance(64, 1, 1), 1e-12);
    assertEquals(4 * TileSearch.tolerance(64, 1, 1), TileSearch.tolerance(64, 2, 2), 1e-12);
  }
}
