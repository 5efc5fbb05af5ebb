package org.ascmr.linalg;

import jdk.incubator.vector.DoubleVector;

/**
 * ||a[ao, ao + dim) - b[bo, bo + dim)||^2 with eight partial sums in a fixed order: sum k takes the
 * indices k mod 8 (and the last dim mod 8 go to sum 0), the result is
 * ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)). Independent chains keep the pipeline full,
 * where one running sum waits on every add. Where the JVM's preferred vectors hold eight doubles
 * (AVX-512), the eight sums are the lanes of one vector, so the same additions in the same order
 * and the same bits (SquaredDistanceTest); elsewhere the scalar loop runs.
 *
 * <p>Eight, and only the preferred shape: the exponentials ({@link VectorExp}) use 512-bit double
 * vectors, and one shape of double vectors per JVM keeps C2's type profiles of the vector API's
 * shared code to one class. It was changed while chasing JVMs in which C2 compiled the
 * exponentials without their intrinsics; it did not stop that (JVMs that never ran this class
 * failed too), {@code -XX:TypeProfileLevel=222} in conf/jvm-options did (docs/operations.md).
 */
public final class SquaredDistance {
  private static final boolean VECTOR = VectorApi.present() && VectorLanes.doubles() == 8;

  private SquaredDistance() {}

  public static double of(double[] a, int ao, double[] b, int bo, int dim) {
    return VECTOR ? VectorSquaredDistance.of(a, ao, b, bo, dim) : scalar(a, ao, b, bo, dim);
  }

  static double scalar(double[] a, int ao, double[] b, int bo, int dim) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int d = 0;
    for (; d + 7 < dim; d += 8) {
      s0 += square(a[ao + d] - b[bo + d]);
      s1 += square(a[ao + d + 1] - b[bo + d + 1]);
      s2 += square(a[ao + d + 2] - b[bo + d + 2]);
      s3 += square(a[ao + d + 3] - b[bo + d + 3]);
      s4 += square(a[ao + d + 4] - b[bo + d + 4]);
      s5 += square(a[ao + d + 5] - b[bo + d + 5]);
      s6 += square(a[ao + d + 6] - b[bo + d + 6]);
      s7 += square(a[ao + d + 7] - b[bo + d + 7]);
    }
    return tail(a, ao, b, bo, d, dim, s0, s1, s2, s3, s4, s5, s6, s7);
  }

  /** Adds indices [d, dim) to s0 and combines the eight sums. */
  static double tail(double[] a, int ao, double[] b, int bo, int d, int dim, double s0, double s1, double s2,
      double s3, double s4, double s5, double s6, double s7) {
    for (; d < dim; d++) s0 += square(a[ao + d] - b[bo + d]);
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  private static double square(double x) {
    return x * x;
  }

  /** Lane counts of the JVM's preferred vectors; a class of its own so that only it touches the API. */
  private static final class VectorLanes {
    static int doubles() {
      return DoubleVector.SPECIES_PREFERRED.length();
    }
  }
}
