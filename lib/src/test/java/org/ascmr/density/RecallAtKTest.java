package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecallAtKTest {

  private static Neighbours list(String... ids) {
    return new Neighbours(ids, new float[ids.length]);
  }

  @Test
  void pooledOverQueries() {
    RecallAtK r = new RecallAtK(3);
    r.add(list("a", "b", "x"), list("a", "b", "c", "d")); // 2 of the exact top 3
    r.add(list("e", "f"), list("f", "e"));                // 2 of 2 (pool of three)
    assertEquals(4.0 / 5, r.result(), 1e-12);
    RecallAtK other = new RecallAtK(3).add(list("x", "y", "z"), list("a", "b", "c"));
    assertEquals(4.0 / 8, r.merge(other).result(), 1e-12);
    assertEquals(3, r.queries());
  }

  @Test
  void nothingExpectedIsPerfect() {
    assertEquals(1.0, new RecallAtK(10).add(list(), list()).result());
  }
}
