package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankTopKTest {

  @Test
  void keyOrderIsSimilarityDescendingThenRank() {
    float[] sims = {-1f, -0.5f, -0f, 0f, 1e-30f, 0.25f, 0.5f, 1f, Float.NEGATIVE_INFINITY};
    for (float a : sims) {
      for (float b : sims) {
        for (int ra : new int[] {0, 3, Integer.MAX_VALUE}) {
          for (int rb : new int[] {0, 3, Integer.MAX_VALUE}) {
            int expected = Float.compare(b, a) != 0 ? Float.compare(b, a) : Integer.compare(ra, rb);
            assertEquals(Integer.signum(expected), Long.signum(Long.compare(RankTopK.key(a, ra), RankTopK.key(b, rb))),
                a + "@" + ra + " vs " + b + "@" + rb);
          }
        }
        assertEquals(a, RankTopK.similarity(RankTopK.key(a, 17)));
        assertEquals(17, RankTopK.rank(RankTopK.key(a, 17)));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> RankTopK.key(0.5f, -1));
  }

  /** Ranks stand for ids in sorted order: the kept list is TopK's on those ids, in any offer order. */
  @Test
  void keepsWhatTopKKeepsOnTheIds() {
    Random r = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(300);
      int k = 1 + r.nextInt(15);
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) ids[i] = String.format("id-%04d", i); // sorted: rank i is ids[i]
      TopK byId = new TopK(k);
      RankTopK byRank = new RankTopK(k);
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < n; i++) order.add(i);
      Collections.shuffle(order, r);
      for (int i : order) {
        float sim = r.nextInt(8) / 8f - 0.5f; // many ties
        assertEquals(byId.offer(ids[i], sim), byRank.offer(i, sim));
        assertEquals(byId.threshold(), byRank.threshold());
      }
      assertEquals(byId.result(), byRank.result().toNeighbours(ids));
    }
  }

  @Test
  void fewerCandidatesThanKAndRejectsZeroK() {
    RankTopK t = new RankTopK(4);
    t.offer(9, 0.1f);
    t.offer(2, 0.1f);
    assertArrayEquals(new int[] {2, 9}, t.result().ranks());
    assertEquals(Float.NEGATIVE_INFINITY, t.threshold());
    assertThrows(IllegalArgumentException.class, () -> new RankTopK(0));
  }
}
