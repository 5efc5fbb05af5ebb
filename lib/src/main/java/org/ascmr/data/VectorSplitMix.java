package org.ascmr.data;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link SplitMixBlock} on whole vectors of 64-bit lanes; only loaded when the JVM has the vector API. */
final class VectorSplitMix {
  private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
  /** 1, 2, ..., lanes: a lane's offset (in steps) within one vector. */
  private static final long[] STEPS = new long[SPECIES.length()];

  static {
    for (int l = 0; l < STEPS.length; l++) STEPS[l] = l + 1;
  }

  private VectorSplitMix() {}

  /** The whole vectors of [0, m); returns how many values it did. */
  static int fill(long state, long gamma, long[] out, int m) {
    int lanes = SPECIES.length();
    LongVector offsets = LongVector.fromArray(SPECIES, STEPS, 0).mul(gamma);
    int j = 0;
    for (; j + lanes <= m; j += lanes) {
      LongVector z = offsets.add(state + j * gamma);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(SeededSplit.MIX1);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(SeededSplit.MIX2);
      z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31)).intoArray(out, j);
    }
    return j;
  }
}
