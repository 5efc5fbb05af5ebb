package org.ascmr.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * The numbers the experiment reports about mAP-vs-labelled-fraction curves, on plain arrays
 * (method.md §1 step 4, issue 6):
 * <ul>
 *   <li>{@link #normalisedAuc}: trapezoid area under the curve divided by the fraction range it
 *       spans, i.e. the curve's mean mAP over that range (same units as mAP, comparable across
 *       budgets with the same range; a one-point curve gives its value);</li>
 *   <li>{@link #firstReaching}: the labelled fraction of the FIRST round whose mAP reaches a
 *       target (e.g. 95% of the ceiling), as observed, without interpolating between rounds; null
 *       when no round reaches it;</li>
 *   <li>{@link #stats}: mean and sample standard deviation over seeds;</li>
 *   <li>{@link #paired}: per-seed differences of a strategy against a baseline, with the paired t
 *       statistic and the exact two-sided sign-test p-value (with 3 seeds the smallest possible p
 *       is 0.25: three seeds can show a direction, not significance).</li>
 * </ul>
 */
public final class CurveSummary {
  private CurveSummary() {}

  /** Mean and sample standard deviation (n - 1); sd is null below two values. */
  public record Stats(int n, double mean, Double sd) {}

  /**
   * Differences a - b paired by seed.
   *
   * @param n              pairs
   * @param meanDifference mean of a - b
   * @param sd             sample sd of the differences (null below two pairs)
   * @param wins           pairs with a > b
   * @param losses         pairs with a < b
   * @param ties           pairs with a == b (left out of the sign test)
   * @param t              paired t statistic mean / (sd / sqrt n), df n - 1 (null when sd is null or 0)
   * @param signTestP      exact two-sided sign-test p-value over wins and losses
   */
  public record Paired(int n, @JsonProperty("mean_difference") double meanDifference, Double sd, int wins,
      int losses, int ties, Double t, @JsonProperty("sign_test_p") double signTestP) {}

  public static double normalisedAuc(double[] fractions, double[] values) {
    checkCurve(fractions, values);
    int n = fractions.length;
    if (n == 1) return values[0];
    double area = 0;
    for (int i = 1; i < n; i++) area += (fractions[i] - fractions[i - 1]) * (values[i] + values[i - 1]) / 2;
    return area / (fractions[n - 1] - fractions[0]);
  }

  /** Fraction of the first point (in curve order) with value >= target; null if none. */
  public static Double firstReaching(double[] fractions, double[] values, double target) {
    checkCurve(fractions, values);
    for (int i = 0; i < values.length; i++) if (values[i] >= target) return fractions[i];
    return null;
  }

  public static Stats stats(double... xs) {
    if (xs.length == 0) throw new IllegalArgumentException("no values");
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= xs.length;
    if (xs.length < 2) return new Stats(1, mean, null);
    double ss = 0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    return new Stats(xs.length, mean, Math.sqrt(ss / (xs.length - 1)));
  }

  public static Paired paired(double[] a, double[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("need the same non-zero number of values, got " + a.length + " and " + b.length);
    }
    double[] d = new double[a.length];
    int wins = 0;
    int losses = 0;
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
      if (d[i] > 0) wins++;
      else if (d[i] < 0) losses++;
    }
    Stats s = stats(d);
    Double t = s.sd() == null || s.sd() == 0 ? null : s.mean() / (s.sd() / Math.sqrt(s.n()));
    return new Paired(s.n(), s.mean(), s.sd(), wins, losses, a.length - wins - losses, t, signTestP(wins, losses));
  }

  /**
   * Exact two-sided sign test: under H0 each non-tied pair is a win with probability 1/2;
   * p = min(1, 2 P(X <= min(wins, losses))), X ~ Binomial(wins + losses, 1/2). 1 when there are no pairs.
   */
  public static double signTestP(int wins, int losses) {
    if (wins < 0 || losses < 0) throw new IllegalArgumentException("counts must be >= 0");
    int n = wins + losses;
    if (n == 0) return 1;
    int k = Math.min(wins, losses);
    BigInteger tail = BigInteger.ZERO;
    BigInteger choose = BigInteger.ONE;
    for (int i = 0; i <= k; i++) {
      if (i > 0) choose = choose.multiply(BigInteger.valueOf(n - i + 1)).divide(BigInteger.valueOf(i));
      tail = tail.add(choose);
    }
    double p = 2 * new BigDecimal(tail).divide(new BigDecimal(BigInteger.TWO.pow(n)),
        MathContext.DECIMAL64).doubleValue();
    return Math.min(1, p);
  }

  private static void checkCurve(double[] fractions, double[] values) {
    if (fractions.length != values.length || fractions.length == 0) {
      throw new IllegalArgumentException("need one value per fraction and at least one point, got "
          + fractions.length + " fractions and " + values.length + " values");
    }
    for (int i = 1; i < fractions.length; i++) {
      if (!(fractions[i] > fractions[i - 1])) {
        throw new IllegalArgumentException("fractions must increase strictly, but point " + i + " has "
            + fractions[i] + " after " + fractions[i - 1]);
      }
    }
  }
}
