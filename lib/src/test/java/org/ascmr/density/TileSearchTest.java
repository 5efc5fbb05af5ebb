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
  private static float[] items(Random r, int n, int[] ranks) {
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
      ranks[i] = (i * 7919) % n; // ranks not in row order
    }
    return out;
  }

  private static RankList reference(float[] q, int qOff, int selfRank, float[] rows, int[] ranks, int n) {
    RankTopK top = new RankTopK(K);
    float[] qv = Arrays.copyOfRange(q, qOff, qOff + DIM);
    for (int j = 0; j < n; j++) {
      if (ranks[j] != selfRank) top.offer(ranks[j], Vectors.dot(qv, Arrays.copyOfRange(rows, j * DIM, (j + 1) * DIM)));
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
    int[] ranks = new int[n];
    float[] rows = items(r, n, ranks);
    // queries: every 5th item (itself excluded by rank, its duplicates kept) and fresh vectors
    int m = TileSearch.QUERY_TILE + 90;
    float[] qs = new float[m * DIM];
    int[] qranks = new int[m];
    for (int i = 0; i < m; i++) {
      int j = (i * 5) % n;
      System.arraycopy(rows, j * DIM, qs, i * DIM, DIM);
      qranks[i] = i % 2 == 0 ? ranks[j] : -1;
    }
    List<RankList> expected = new ArrayList<>();
    for (int i = 0; i < m; i++) expected.add(reference(qs, i * DIM, qranks[i], rows, ranks, n));

    for (int blockRows : new int[] {n, 2049, 500, 7, 1}) {
      for (int queryRange : blockRows < 100 ? new int[] {m} : new int[] {m, 37}) {
        RankTopK[] tops = new RankTopK[m];
        for (int i = 0; i < m; i++) tops[i] = new RankTopK(K);
        for (int first = 0; first < n; first += blockRows) {
          int count = Math.min(blockRows, n - first);
          TileSearch block = TileSearch.of(Arrays.copyOfRange(ranks, first, first + count),
              Arrays.copyOfRange(rows, first * DIM, (first + count) * DIM), count, DIM);
          for (int from = 0; from < m; from += queryRange) {
            int to = Math.min(m, from + queryRange);
            block.search(qs, qranks, from, to, Arrays.copyOfRange(tops, from, to));
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
  void excludesTheQueryByRankAndFindsItsDuplicate() {
    float[] rows = {1, 0, 0.6f, 0.8f, 1, 0};
    TileSearch block = TileSearch.of(new int[] {0, 1, 2}, rows, 3, 2);
    RankTopK[] tops = {new RankTopK(2)};
    block.search(new float[] {1, 0}, new int[] {0}, 0, 1, tops);
    assertArrayEquals(new int[] {2, 1}, tops[0].result().ranks());
    assertArrayEquals(new float[] {1f, 0.6f}, tops[0].result().similarities());
  }

  @Test
  void kthLargestOfATile() {
    Random r = new Random(3);
    float[] heap = new float[12];
    for (int trial = 0; trial < 100; trial++) {
      int len = 12 + r.nextInt(500);
      int kk = 1 + r.nextInt(12);
      float[] a = new float[len + 5];
      for (int i = 0; i < a.length; i++) a[i] = r.nextInt(40) / 8f; // ties
      float[] sorted = Arrays.copyOfRange(a, 5, 5 + len);
      Arrays.sort(sorted);
      assertEquals(sorted[len - kk], TileSearch.kthLargest(java.nio.FloatBuffer.wrap(a), 5, len, kk, heap));
    }
  }

  @Test
  void toleranceCoversTwoFloatSumsOfUnitVectors() {
    // two sums of 64 products of unit vectors differ by at most 2 * 64 * 2^-24; the rule keeps a margin
    assertEquals(8 * 2 * 64 * 0x1p-24, TileSearch.tolerance(64, 1, 1), 1e-12);
    assertEquals(4 * TileSearch.tolerance(64, 1, 1), TileSearch.tolerance(64, 2, 2), 1e-12);
  }
}
