package org.ascmr.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link BiasLeaky} on whole vectors; only loaded when the JVM has the vector API. */
final class VectorBiasLeaky {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private VectorBiasLeaky() {}

  /** The whole vectors of the row; returns how many elements it did. */
  static int apply(float[] in, int i, float[] bias, float slope, float[] out, int o, int n) {
    int lanes = SPECIES.length();
    int j = 0;
    for (; j + lanes <= n; j += lanes) {
      FloatVector v = FloatVector.fromArray(SPECIES, in, i + j).add(FloatVector.fromArray(SPECIES, bias, j));
      v.max(v.mul(slope)).intoArray(out, o + j);
    }
    return j;
  }
}
