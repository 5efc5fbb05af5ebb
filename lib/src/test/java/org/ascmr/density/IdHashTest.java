package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdHashTest {

  @Test
  void pinnedValuesNeverChange() {
    // Samples drawn in earlier runs must be drawn again: these values are part of the format.
    assertEquals(IdHash.hash(0, "a"), IdHash.hash(0, "a"));
    assertEquals(-9_180_646_764_228_871_813L, IdHash.hash(0, "a"));
    assertEquals(-637_710_563_245_180_044L, IdHash.hash(7, "animals/birds/bird_01"));
  }

  @Test
  void seedAndIdBothMatter() {
    assertNotEquals(IdHash.hash(0, "a"), IdHash.hash(1, "a"));
    assertNotEquals(IdHash.hash(0, "ab"), IdHash.hash(0, "ba"));
  }

  @Test
  void unitIsUniformEnough() {
    int below = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double u = IdHash.unit(3, "id-" + i);
      assertTrue(u >= 0 && u < 1);
      if (u < 0.1) below++;
    }
    assertEquals(0.1, below / (double) n, 0.005); // 5 sd of a binomial(1e5, 0.1) is 0.0047
  }
}
