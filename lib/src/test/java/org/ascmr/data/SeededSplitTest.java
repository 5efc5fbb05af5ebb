package org.ascmr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeededSplitTest {
  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add("wiki/" + i);
    return ids;
  }

  @Test
  void fnvMatchesPublishedValues() {
    // FNV-1a 64 test vectors (Fowler/Noll/Vo): "" and "a".
    assertEquals(0xcbf29ce484222325L, SeededSplit.fnv1a64(""));
    assertEquals(0xaf63dc4c8601ec8cL, SeededSplit.fnv1a64("a"));
  }

  @Test
  void picksRoundedFraction() {
    assertEquals(217, SeededSplit.pick(ids(2173), 0.1, 0).size());
    assertEquals(0, SeededSplit.pick(ids(10), 0.0, 0).size());
    assertEquals(0, SeededSplit.pick(List.of(), 0.1, 0).size());
  }

  @Test
  void independentOfInputOrder() {
    List<String> a = ids(500);
    List<String> b = new ArrayList<>(a);
    Collections.shuffle(b, new Random(3));
    assertEquals(SeededSplit.pick(a, 0.2, 7), SeededSplit.pick(b, 0.2, 7));
  }

  @Test
  void seedChangesPick() {
    Set<String> s0 = SeededSplit.pick(ids(500), 0.2, 0);
    Set<String> s1 = SeededSplit.pick(ids(500), 0.2, 1);
    assertNotEquals(s0, s1);
    // Roughly independent picks: the overlap of two 20% samples is near 20% of 100.
    long overlap = s0.stream().filter(s1::contains).count();
    assertTrue(overlap > 5 && overlap < 45, "overlap " + overlap);
  }
}
