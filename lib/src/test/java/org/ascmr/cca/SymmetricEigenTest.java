package org.ascmr.cca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * A covariance of the size the input whitening and CCA decompose (138 dims): every eigenpair
   * holds. With OpenBLAS's SkylakeX kernels on an Intel AVX-512 CPU this failed (residual 0.34),
   * which is why the build and the launchers set OPENBLAS_CORETYPE=Haswell.
   */
  @Test
  void decomposesACovarianceOfWhiteningSize() {
    java.util.Random r = new java.util.Random(3);
    int n = 138;
    int rows = 300;
    double[][] x = new double[rows][n];
    for (double[] row : x) for (int j = 0; j < n; j++) row[j] = r.nextGaussian() * (1 + j % 7);
    double[][] cov = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (double[] row : x) s += row[i] * row[j];
        cov[i][j] = s / rows;
      }
    }
    SymmetricEigen.Result e = SymmetricEigen.of(cov);
    for (int k = 0; k < n; k++) {
      double worst = 0;
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) s += cov[i][j] * e.vectors()[j][k];
        worst = Math.max(worst, Math.abs(s - e.values()[k] * e.vectors()[i][k]));
      }
      assertTrue(worst < 1e-9, "eigenpair " + k + ": residual " + worst);
      if (k > 0) assertTrue(e.values()[k - 1] >= e.values()[k], "descending");
    }
  }

  /** A decomposition that does not satisfy A v = lambda v is an error that names the fix. */
  @Test
  void aWrongDecompositionIsRejected() {
    double[][] a = {{2, 1}, {1, 2}};
    SymmetricEigen.Result right = SymmetricEigen.of(a);
    double[][] v = {right.vectors()[0].clone(), right.vectors()[1].clone()};
    v[1][0] = -v[1][0]; // the first eigenvector's second component flipped: (1, -1) is not for 3
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SymmetricEigen.check(a, new SymmetricEigen.Result(right.values(), v)));
    assertTrue(e.getMessage().contains(SymmetricEigen.WRONG_LAPACK) && e.getMessage().contains("OPENBLAS_CORETYPE"),
        e.getMessage());
  }

  @Test
  void productsByHand() {
    double[][] ab = SymmetricEigen.multiply(new double[][] {{1, 2}, {3, 4}}, new double[][] {{5}, {6}});
    assertArrayEquals(new double[] {17}, ab[0], 1e-12);
    assertArrayEquals(new double[] {39}, ab[1], 1e-12);
    assertArrayEquals(new double[] {1, 3}, SymmetricEigen.transpose(new double[][] {{1, 2}, {3, 4}})[0]);
  }
}
