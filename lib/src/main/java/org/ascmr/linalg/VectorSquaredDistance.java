package org.ascmr.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SquaredDistance} with its eight partial sums as the lanes of one vector; only loaded with
 * the vector API, and only where the preferred double vector has eight lanes (the only shape of
 * double vectors in the JVM, see SquaredDistance).
 */
final class VectorSquaredDistance {
  private static final VectorSpecies<Double> EIGHT = DoubleVector.SPECIES_PREFERRED;

  private VectorSquaredDistance() {}

  static double of(double[] a, int ao, double[] b, int bo, int dim) {
    DoubleVector acc = DoubleVector.zero(EIGHT);
    int d = 0;
    for (; d + 7 < dim; d += 8) {
      DoubleVector x = DoubleVector.fromArray(EIGHT, a, ao + d).sub(DoubleVector.fromArray(EIGHT, b, bo + d));
      acc = acc.add(x.mul(x));
    }
    return SquaredDistance.tail(a, ao, b, bo, d, dim, acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3),
        acc.lane(4), acc.lane(5), acc.lane(6), acc.lane(7));
  }
}
