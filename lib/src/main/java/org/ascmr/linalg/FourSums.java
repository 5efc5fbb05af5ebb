package org.ascmr.linalg;

/**
 * Sums in a fixed order with four partial sums: sum k takes the indices k mod 4 (the last n mod 4
 * go to sum 0), and the result is (s0 + s1) + (s2 + s3).
 * One running sum waits on every add (four cycles each, so about a microsecond for the few
 * hundred values of a row); four independent ones keep the adder busy. The order is fixed, so
 * the bits are the same on every JVM and for every batch.
 */
public final class FourSums {
  private FourSums() {}

  /** The sum of {@code x[from, from + n)}. */
  public static double of(double[] x, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    for (; i < end; i++) s0 += x[i];
    return (s0 + s1) + (s2 + s3);
  }

  /** The sum of {@code x[from, from + n)}, each widened to double. */
  public static double of(float[] x, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    for (; i < end; i++) s0 += x[i];
    return (s0 + s1) + (s2 + s3);
  }

  /** The sum of {@code (x[i] - centre)^2} over {@code [from, from + n)}. */
  public static double squaredDeviations(double[] x, int from, int n, double centre) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      double d0 = x[i] - centre;
      double d1 = x[i + 1] - centre;
      double d2 = x[i + 2] - centre;
      double d3 = x[i + 3] - centre;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < end; i++) {
      double d = x[i] - centre;
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
