package org.ascmr.cca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossMomentsTest {
  private static final double EXACT = 1e-12;

  @Test
  void rejectsWrongDimensions() {
    assertThrows(IllegalArgumentException.class, () -> new CrossMoments(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new CrossMoments(2, 1).add(new float[3], new float[1]));
    assertThrows(IllegalArgumentException.class, () -> new CrossMoments(2, 1).merge(new CrossMoments(1, 2)));
    assertThrows(IllegalStateException.class, () -> new CrossMoments(2, 1).add(new float[2], new float[1]).result());
  }

  /**
   * Rows (x1, x2; y): (1, 0; 2), (0, 1; 0), (2, 1; 1). Means x = (1, 2/3), y = 1.
   * x1 deviations 0, -1, 1 -> var 2/2 = 1; x2 deviations -2/3, 1/3, 1/3 -> var (6/9)/2 = 1/3;
   * cov(x1, x2) = (0 - 1/3 + 1/3)/2 = 0; y deviations 1, -1, 0 -> var 1;
   * cov(x1, y) = (0 + 1 + 0)/2 = 1/2; cov(x2, y) = (-2/3 - 1/3 + 0)/2 = -1/2.
   */
  @Test
  void threeRowsByHand() {
    Moments m = new CrossMoments(2, 1)
        .add(new float[] {1, 0}, new float[] {2})
        .add(new float[] {0, 1}, new float[] {0})
        .add(new float[] {2, 1}, new float[] {1})
        .result();
    assertEquals(3, m.n());
    assertArrayEquals(new double[] {1, 2.0 / 3}, m.meanX(), EXACT);
    assertArrayEquals(new double[] {1}, m.meanY(), EXACT);
    assertArrayEquals(new double[] {1, 0}, m.cxx()[0], EXACT);
    assertArrayEquals(new double[] {0, 1.0 / 3}, m.cxx()[1], EXACT);
    assertArrayEquals(new double[] {1}, m.cyy()[0], EXACT);
    assertArrayEquals(new double[] {0.5}, m.cxy()[0], EXACT);
    assertArrayEquals(new double[] {-0.5}, m.cxy()[1], EXACT);
  }

  @Test
  void mergingHalvesEqualsTheWhole() {
    Random rnd = new Random(3);
    CrossMoments whole = new CrossMoments(5, 4);
    CrossMoments first = new CrossMoments(5, 4);
    CrossMoments second = new CrossMoments(5, 4);
    CrossMoments empty = new CrossMoments(5, 4);
    for (int i = 0; i < 200; i++) {
      float[] x = new float[5];
      float[] y = new float[4];
      // Sparse rows, as TF-IDF text is: zeros are skipped by add.
      for (int j = 0; j < 5; j++) x[j] = rnd.nextDouble() < 0.5 ? 0f : (float) rnd.nextGaussian();
      for (int j = 0; j < 4; j++) y[j] = rnd.nextDouble() < 0.7 ? 0f : (float) rnd.nextDouble();
      whole.add(x, y);
      (i < 77 ? first : second).add(x, y);
    }
    Moments a = whole.result();
    Moments b = first.merge(empty).merge(second).result();
    assertEquals(a.n(), b.n());
    for (int i = 0; i < 5; i++) assertArrayEquals(a.cxx()[i], b.cxx()[i], 1e-12);
    for (int i = 0; i < 5; i++) assertArrayEquals(a.cxy()[i], b.cxy()[i], 1e-12);
    for (int i = 0; i < 4; i++) assertArrayEquals(a.cyy()[i], b.cyy()[i], 1e-12);
    assertArrayEquals(a.meanY(), b.meanY(), 1e-12);
  }
}
