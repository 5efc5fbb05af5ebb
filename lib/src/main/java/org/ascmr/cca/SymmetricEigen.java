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
    return new Result(values, vectors);
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
