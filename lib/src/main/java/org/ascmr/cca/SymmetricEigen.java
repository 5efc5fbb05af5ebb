package org.ascmr.cca;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigen-decomposition of a real symmetric matrix in double precision through ND4J's LAPACK
 * (dsyev), plus the few dense products CCA needs. LAPACK returns ascending eigenvalues with
 * eigenvectors in columns; we return them descending, each vector's sign fixed so that its largest
 * absolute component is positive (reproducible across BLAS builds).
 */
public final class SymmetricEigen {
  /** Eigenvalues descending; {@code vectors[i][k]} is component i of eigenvector k. */
  public record Result(double[] values, double[][] vectors) {}

  private SymmetricEigen() {}

  public static Result of(double[][] symmetric) {
    int n = symmetric.length;
    for (double[] row : symmetric) {
      if (row.length != n) throw new IllegalArgumentException("matrix must be square, got " + n + " x " + row.length);
    }
    INDArray a = Nd4j.createFromArray(symmetric).castTo(DataType.DOUBLE).dup('c');
    INDArray w = Nd4j.create(DataType.DOUBLE, n);
    int info = Nd4j.getBlasWrapper().lapack().syev('V', 'U', a, w);
    if (info != 0) throw new IllegalStateException("LAPACK dsyev failed to converge (info " + info + ") on " + n + " x " + n);
    double[] asc = w.toDoubleVector();
    double[][] vecAsc = a.toDoubleMatrix();
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int k = 0; k < n; k++) {
      int src = n - 1 - k;
      values[k] = asc[src];
      int argmax = 0;
      for (int i = 1; i < n; i++) if (Math.abs(vecAsc[i][src]) > Math.abs(vecAsc[argmax][src])) argmax = i;
      double sign = vecAsc[argmax][src] < 0 ? -1 : 1;
      for (int i = 0; i < n; i++) vectors[i][k] = sign * vecAsc[i][src];
    }
    Result r = new Result(values, vectors);
    check(symmetric, r);
    return r;
  }

  /** Fixed part of the error when LAPACK returns a wrong decomposition. */
  public static final String WRONG_LAPACK = "LAPACK dsyev returned a wrong eigen-decomposition";
  /** Largest accepted ||A v - lambda v|| relative to the largest |a_ij| (correct results: ~1e-14). */
  static final double TOLERANCE = 1e-8;
  /** Eigenvectors checked: enough to catch a broken kernel, O(n^2) each. */
  static final int CHECKED_VECTORS = 16;

  /**
   * Checks A v = lambda v for a spread of eigenvectors. OpenBLAS 0.3.19 (the build ND4J M2.1
   * ships) returns a wrong dsyev on Intel AVX-512 CPUs with its SkylakeX kernels: residual 0.34 on a
   * 138 x 138 covariance, measured, against 1e-15 with OPENBLAS_CORETYPE=Haswell. That made the
   * input whitening, and so the estimator, garbage without any error (docs/operations.md).
   */
  static void check(double[][] a, Result r) {
    int n = a.length;
    double scale = 0;
    for (double[] row : a) for (double v : row) scale = Math.max(scale, Math.abs(v));
    if (n == 0 || scale == 0) return;
    int step = Math.max(1, n / CHECKED_VECTORS);
    for (int k = 0; k < n; k += step) {
      double worst = 0;
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) s += a[i][j] * r.vectors()[j][k];
        worst = Math.max(worst, Math.abs(s - r.values()[k] * r.vectors()[i][k]));
      }
      if (!(worst <= TOLERANCE * scale * Math.sqrt(n))) {
        throw new IllegalStateException(WRONG_LAPACK + " on " + n + " x " + n + " (eigenvector " + k + ": residual "
            + worst + " for entries up to " + scale + "). OpenBLAS's SkylakeX kernels do this on Intel AVX-512 CPUs:"
            + " set OPENBLAS_CORETYPE=Haswell in the environment of every JVM (bin/ascmr, the deploy configs and the"
            + " Docker image set it; see docs/operations.md)");
      }
    }
  }

  /** a b in double precision (BLAS dgemm). */
  public static double[][] multiply(double[][] a, double[][] b) {
    if (a.length == 0 || b.length == 0) return new double[a.length][b.length == 0 ? 0 : b[0].length];
    INDArray x = Nd4j.createFromArray(a).castTo(DataType.DOUBLE);
    INDArray y = Nd4j.createFromArray(b).castTo(DataType.DOUBLE);
    return x.mmul(y).toDoubleMatrix();
  }

  public static double[][] transpose(double[][] a) {
    return org.ascmr.linalg.ColumnDots.transpose(a);
  }
}
