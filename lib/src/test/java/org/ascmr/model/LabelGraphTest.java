package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ascmr.data.Labels;
import org.junit.jupiter.api.Test;

class LabelGraphTest {
  // Rows {0,1}, {0}, {0,1,2}, {2}: n = (3, 2, 2); n01 = 2, n02 = 1, n12 = 1.
  // P(1|0) = 2/3, P(2|0) = 1/3, P(0|1) = 1, P(2|1) = 1/2, P(0|2) = 1/2, P(1|2) = 1/2.
  private static LabelGraph example() {
    return new LabelGraph(3).add(Labels.multiHot(3, 0, 1)).add(Labels.multiHot(3, 0))
        .add(Labels.multiHot(3, 0, 1, 2)).add(Labels.multiHot(3, 2));
  }

  @Test
  void countsByHand() {
    LabelGraph g = example();
    assertEquals(4, g.rows());
    assertEquals(3, g.occurrences(0));
    assertEquals(2, g.cooccurrences(0, 1));
    assertEquals(1, g.cooccurrences(2, 1));
  }

  @Test
  void normalisedAdjacencyByHand() {
    // t = 0.5: A = [[1,1,0],[1,1,1],[1,1,1]] (P(2|0) = 1/3 < 0.5), row degrees (2, 3, 3).
    float[][] a = example().adjacency(0.5);
    double s6 = Math.sqrt(6);
    assertArrayEquals(new float[] {0.5f, (float) (1 / s6), 0f}, a[0], 1e-6f);
    assertArrayEquals(new float[] {(float) (1 / s6), 1 / 3f, 1 / 3f}, a[1], 1e-6f);
    assertArrayEquals(new float[] {(float) (1 / s6), 1 / 3f, 1 / 3f}, a[2], 1e-6f);
    assertEquals(5, example().edgeCount(0.5));
  }

  @Test
  void highThresholdLeavesSelfLoops() {
    float[][] a = example().adjacency(1.0); // only P(0|1) = 1 survives
    assertArrayEquals(new float[] {1f, 0f, 0f}, a[0], 1e-6f);
    assertArrayEquals(new float[] {(float) (1 / Math.sqrt(2)), 0.5f, 0f}, a[1], 1e-6f);
    assertArrayEquals(new float[] {0f, 0f, 1f}, a[2], 1e-6f);
  }

  @Test
  void unseenLabelGetsOnlyItsSelfLoop() {
    LabelGraph g = new LabelGraph(2).add(Labels.multiHot(2, 0));
    // t = 0 links 0 -> 1 (P(1|0) = 0 >= 0) but never 1 -> 0 (label 1 unseen): degrees (2, 1).
    float[][] a = g.adjacency(0.0);
    assertArrayEquals(new float[] {0.5f, 1f / (float) Math.sqrt(2)}, a[0], 1e-6f);
    assertArrayEquals(new float[] {0f, 1f}, a[1], 1e-6f);
  }

  @Test
  void mergingHalvesEqualsWhole() {
    LabelGraph a = new LabelGraph(3).add(Labels.multiHot(3, 0, 1)).add(Labels.multiHot(3, 0));
    LabelGraph b = new LabelGraph(3).add(Labels.multiHot(3, 0, 1, 2)).add(Labels.multiHot(3, 2));
    LabelGraph merged = a.merge(b);
    LabelGraph whole = example();
    assertEquals(whole.rows(), merged.rows());
    for (int i = 0; i < 3; i++) assertArrayEquals(whole.adjacency(0.4)[i], merged.adjacency(0.4)[i]);
  }
}
