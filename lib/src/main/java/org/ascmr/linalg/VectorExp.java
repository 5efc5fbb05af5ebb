package org.ascmr.linalg;

import static org.ascmr.linalg.FixedExp.C;
import static org.ascmr.linalg.FixedExp.HIGH;
import static org.ascmr.linalg.FixedExp.LN2_HI;
import static org.ascmr.linalg.FixedExp.LN2_LO;
import static org.ascmr.linalg.FixedExp.LOG2E;
import static org.ascmr.linalg.FixedExp.LOW;
import static org.ascmr.linalg.FixedExp.SHIFT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FixedExp}'s operations on vectors of doubles, lane by lane, so the same bits. Only
 * loaded when the JVM has the vector API.
 */
final class VectorExp {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

  private VectorExp() {}

  /** The whole vectors of {@code x[from, from + n)} into {@code out[o, ...)}; returns how many values it did. */
  static int exp(double[] x, int from, int n, double[] out, int o) {
    int lanes = SPECIES.length();
    int i = 0;
    for (; i + lanes <= n; i += lanes) {
      DoubleVector v = DoubleVector.fromArray(SPECIES, x, from + i);
      DoubleVector xc = v.max(LOW).min(HIGH);
      DoubleVector t = xc.mul(LOG2E).add(SHIFT);
      DoubleVector kd = t.sub(SHIFT);
      DoubleVector r = xc.sub(kd.mul(LN2_HI)).sub(kd.mul(LN2_LO));
      // Horner, written out (a loop over C would be unrolled by C2 anyway; this keeps it certain)
      DoubleVector p = r.mul(C[0]).add(C[1]);
      p = p.mul(r).add(C[2]);
      p = p.mul(r).add(C[3]);
      p = p.mul(r).add(C[4]);
      p = p.mul(r).add(C[5]);
      p = p.mul(r).add(C[6]);
      p = p.mul(r).add(C[7]);
      p = p.mul(r).add(C[8]);
      p = p.mul(r).add(C[9]);
      p = p.mul(r).add(C[10]);
      p = p.mul(r).add(C[11]);
      p = p.mul(r).add(C[12]);
      // 2^k from t's bits (see FixedExp): a double-to-long conversion is not compiled to vector code on JDK 17
      DoubleVector scale = ((LongVector) t.reinterpretAsLongs()).add(1023L).lanewise(VectorOperators.LSHL, 52L)
          .reinterpretAsDoubles();
      DoubleVector e = p.mul(scale);
      e = e.blend(Double.POSITIVE_INFINITY, v.compare(VectorOperators.GT, HIGH));
      e = e.blend(0.0, v.compare(VectorOperators.LT, LOW));
      e.intoArray(out, o + i);
    }
    return i;
  }
}
