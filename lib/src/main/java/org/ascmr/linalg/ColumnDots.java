package org.ascmr.linalg;

/**
 * Dot products of one query with many items at once, the items stored by column ({@code
 * columns[k][j]} = item j's value k: {@link #transpose} of the items), in double precision. Each item's sum runs over k in
 * ascending order from 0, four terms per pass added left to right: the same additions in the same
 * order as a plain dot product, so the same bits, while the inner loop runs along the items over
 * contiguous memory, which the JIT vectorises. The mAP of every training epoch and the
 * typicality of the coverage selection both rank by these values, so their bits must not move.
 */
public final class ColumnDots {
  private ColumnDots() {}

  /** {@code a[i][j]} -> {@code t[j][i]}. */
  public static double[][] transpose(double[][] a) {
    int rows = a.length;
    int cols = rows == 0 ? 0 : a[0].length;
    double[][] t = new double[cols][rows];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j][i] = a[i][j];
    return t;
  }

  /**
   * {@code acc[j] += sum_k q[k] columns[k][j]} for j in [from, to), k ascending; with {@code acc}
   * at 0 that is the dot product of q with item j.
   */
  public static void accumulate(double[] q, double[][] columns, int from, int to, double[] acc) {
    int k = 0;
    for (; k + 3 < columns.length; k += 4) {
      double q0 = q[k];
      double q1 = q[k + 1];
      double q2 = q[k + 2];
      double q3 = q[k + 3];
      double[] c0 = columns[k];
      double[] c1 = columns[k + 1];
      double[] c2 = columns[k + 2];
      double[] c3 = columns[k + 3];
      for (int j = from; j < to; j++) acc[j] = acc[j] + q0 * c0[j] + q1 * c1[j] + q2 * c2[j] + q3 * c3[j];
    }
    for (; k < columns.length; k++) {
      double qk = q[k];
      double[] col = columns[k];
      for (int j = from; j < to; j++) acc[j] += qk * col[j];
    }
  }
}
