package org.ascmr.pmie;

/**
 * The match probability's arithmetic in log space (method.md §4, §8: the exp form underflows
 * and ties everything). StrictMath throughout, so a score has the same bits on every JVM.
 */
public final class LogSpace {
  private LogSpace() {}

  /** softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|), finite for every finite x. */
  public static double softplus(double x) {
    return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
  }

  /** log sigmoid(x) = -softplus(-x). */
  public static double logSigmoid(double x) {
    return -softplus(-x);
  }

  /** log((1/n) sum_i e^{x_i}) over {@code x[0, n)}, shifted by the maximum. */
  public static double logMeanExp(double[] x, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) max = Math.max(max, x[i]);
    if (max == Double.NEGATIVE_INFINITY) return max;
    double sum = 0;
    for (int i = 0; i < n; i++) sum += StrictMath.exp(x[i] - max);
    return max + StrictMath.log(sum / n);
  }
}
