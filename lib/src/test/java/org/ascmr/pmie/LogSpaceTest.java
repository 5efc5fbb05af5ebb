package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSpaceTest {

  @Test
  void softplusHandValues() {
    assertEquals(Math.log(2), LogSpace.softplus(0), 1e-15);
    assertEquals(Math.log1p(Math.E), LogSpace.softplus(1), 1e-15);
    // Where log(1 + e^x) overflows, softplus is x.
    assertEquals(1000.0, LogSpace.softplus(1000), 0);
    assertEquals(Math.exp(-50), LogSpace.softplus(-50), 1e-30);
  }

  @Test
  void logSigmoidStaysFiniteWhereSigmoidUnderflows() {
    double x = -2000;
    assertEquals(0.0, 1 / (1 + Math.exp(-x)));
    assertEquals(-2000.0, LogSpace.logSigmoid(x), 1e-9);
    assertTrue(LogSpace.logSigmoid(-3000) < LogSpace.logSigmoid(-2000));
  }

  @Test
  void logMeanExpHandValues() {
    // mean(e^0, e^ln3) = 2
    assertEquals(Math.log(2), LogSpace.logMeanExp(new double[] {0, Math.log(3)}, 2), 1e-15);
    // only the first n values count
    assertEquals(0.0, LogSpace.logMeanExp(new double[] {0, 99}, 1), 0);
    // values whose exponentials underflow: log mean(e^-1000, e^-1001) = -1000 + log((1 + 1/e) / 2)
    assertEquals(-1000 + Math.log((1 + Math.exp(-1)) / 2), LogSpace.logMeanExp(new double[] {-1000, -1001}, 2),
        1e-9);
  }
}
