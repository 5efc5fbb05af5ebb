package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {

  @Test
  void rejectsZeroK() {
    assertThrows(IllegalArgumentException.class, () -> new TopK(0));
  }

  @Test
  void keepsBestWithTiesById() {
    TopK t = new TopK(3);
    t.offer("d", 0.5f);
    t.offer("c", 0.9f);
    t.offer("b", 0.5f);
    t.offer("a", 0.1f);
    t.offer("e", 0.5f);
    // 0.9 first; of the three 0.5s the ids b and d come before e.
    Neighbours r = t.result();
    assertArrayEquals(new String[] {"c", "b", "d"}, r.ids());
    assertArrayEquals(new float[] {0.9f, 0.5f, 0.5f}, r.similarities());
    assertEquals(0.5f, t.threshold());
  }

  @Test
  void fewerCandidatesThanK() {
    TopK t = new TopK(5);
    t.offer("x", -0.2f);
    t.offer("y", 0.3f);
    assertArrayEquals(new String[] {"y", "x"}, t.result().ids());
    assertEquals(Float.NEGATIVE_INFINITY, t.threshold());
  }

  @Test
  void mergeOfHalvesEqualsWholeInAnyOrder() {
    Random r = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + r.nextInt(200);
      int k = 1 + r.nextInt(12);
      List<Integer> order = new ArrayList<>();
      String[] ids = new String[n];
      float[] sims = new float[n];
      for (int i = 0; i < n; i++) {
        ids[i] = "id" + i;
        sims[i] = r.nextInt(20) / 20f; // many ties
        order.add(i);
      }
      TopK whole = new TopK(k);
      for (int i = 0; i < n; i++) whole.offer(ids[i], sims[i]);
      Collections.shuffle(order, r);
      int cut = r.nextInt(n + 1);
      TopK left = new TopK(k);
      TopK right = new TopK(k);
      for (int p = 0; p < n; p++) (p < cut ? left : right).offer(ids[order.get(p)], sims[order.get(p)]);
      assertEquals(whole.result(), right.merge(left).result());
      assertEquals(naive(ids, sims, k), whole.result());
    }
  }

  private static Neighbours naive(String[] ids, float[] sims, int k) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) idx.add(i);
    idx.sort((a, b) -> Neighbours.compare(sims[a], ids[a], sims[b], ids[b]));
    int m = Math.min(k, ids.length);
    String[] outIds = new String[m];
    float[] outSims = new float[m];
    for (int i = 0; i < m; i++) {
      outIds[i] = ids[idx.get(i)];
      outSims[i] = sims[idx.get(i)];
    }
    return new Neighbours(outIds, outSims);
  }
}
