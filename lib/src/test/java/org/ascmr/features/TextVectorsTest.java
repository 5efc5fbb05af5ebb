package org.ascmr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class TextVectorsTest {
  @Test
  void scattersAndNormalises() {
    // (3, 4) at indices 1 and 3: norm 5 -> 0.6, 0.8.
    assertArrayEquals(new float[] {0, 0.6f, 0, 0.8f}, TextVectors.dense(4, new int[] {1, 3}, new double[] {3, 4}, true), 1e-7f);
    assertArrayEquals(new float[] {0, 3, 0, 4}, TextVectors.dense(4, new int[] {1, 3}, new double[] {3, 4}, false), 0f);
  }

  @Test
  void emptyTextStaysZero() {
    assertArrayEquals(new float[3], TextVectors.dense(3, new int[0], new double[0], true), 0f);
  }
}
