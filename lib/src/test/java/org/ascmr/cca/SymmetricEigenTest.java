package org.ascmr.cca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
  @Test
  void rejectsNonSquare() {
    assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}}));
  }

  /** [[2, 1], [1, 2]]: eigenvalues 3 and 1, vectors (1, 1)/sqrt2 and (1, -1)/sqrt2 (sign: largest > 0). */
  @Test
  void twoByTwoByHand() {
    SymmetricEigen.Result e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
    assertArrayEquals(new double[] {3, 1}, e.values(), 1e-12);
    double s = Math.sqrt(0.5);
    assertEquals(s, e.vectors()[0][0], 1e-12);
    assertEquals(s, e.vectors()[1][0], 1e-12);
    assertEquals(s, Math.abs(e.vectors()[0][1]), 1e-12);
    assertEquals(-e.vectors()[0][1], e.vectors()[1][1], 1e-12);
  }

  @Test
  void productsByHand() {
    double[][] ab = SymmetricEigen.multiply(new double[][] {{1, 2}, {3, 4}}, new double[][] {{5}, {6}});
    assertArrayEquals(new double[] {17}, ab[0], 1e-12);
    assertArrayEquals(new double[] {39}, ab[1], 1e-12);
    assertArrayEquals(new double[] {1, 3}, SymmetricEigen.transpose(new double[][] {{1, 2}, {3, 4}})[0]);
  }
}
