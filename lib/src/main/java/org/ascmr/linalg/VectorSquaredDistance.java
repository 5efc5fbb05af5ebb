package org.ascmr.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link SquaredDistance} with its four partial sums as the lanes of one vector; only loaded with the vector API. */
final class VectorSquaredDistance {
  private static final VectorSpecies<Double> FOUR = DoubleVector.SPECIES_256;

  private VectorSquaredDistance() {}

  static double of(double[] a, int ao, double[] b, int bo, int dim) {
    DoubleVector acc = DoubleVector.zero(FOUR);
    int d = 0;
    for (; d + 3 < dim; d += 4) {
      DoubleVector x = DoubleVector.fromArray(FOUR, a, ao + d).sub(DoubleVector.fromArray(FOUR, b, bo + d));
      acc = acc.add(x.mul(x));
    }
    return SquaredDistance.tail(a, ao, b, bo, d, dim, acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3));
  }
}
