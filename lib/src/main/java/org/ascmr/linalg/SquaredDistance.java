package org.ascmr.linalg;

import jdk.incubator.vector.DoubleVector;

/**
 * ||a[ao, ao + dim) - b[bo, bo + dim)||^2 with four partial sums in a fixed order: sum k takes the
 * indices k mod 4 (and the last dim mod 4 go to sum 0), the result is (s0 + s1) + (s2 + s3).
 * Independent chains keep the pipeline full, where one running sum waits on every add; with the
 * vector API the four sums are the four lanes of one 256-bit vector, so the same additions in the
 * same order and the same bits (SquaredDistanceTest).
 */
public final class SquaredDistance {
  /** Four-lane vectors only where the machine has them natively (a 128-bit machine would emulate them). */
  private static final boolean VECTOR = VectorApi.present() && VectorLanes.doubles() >= 4;

  private SquaredDistance() {}

  public static double of(double[] a, int ao, double[] b, int bo, int dim) {
    return VECTOR ? VectorSquaredDistance.of(a, ao, b, bo, dim) : scalar(a, ao, b, bo, dim);
  }

  static double scalar(double[] a, int ao, double[] b, int bo, int dim) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int d = 0;
    for (; d + 3 < dim; d += 4) {
      double x0 = a[ao + d] - b[bo + d];
      double x1 = a[ao + d + 1] - b[bo + d + 1];
      double x2 = a[ao + d + 2] - b[bo + d + 2];
      double x3 = a[ao + d + 3] - b[bo + d + 3];
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    return tail(a, ao, b, bo, d, dim, s0, s1, s2, s3);
  }

  /** Adds indices [d, dim) to s0 and combines the four sums. */
  static double tail(double[] a, int ao, double[] b, int bo, int d, int dim, double s0, double s1, double s2,
      double s3) {
    for (; d < dim; d++) {
      double x = a[ao + d] - b[bo + d];
      s0 += x * x;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Lane counts of the JVM's preferred vectors; a class of its own so that only it touches the API. */
  private static final class VectorLanes {
    static int doubles() {
      return DoubleVector.SPECIES_PREFERRED.length();
    }
  }
}
