package org.ascmr.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CurveSummaryTest {
  private static final double EXACT = 1e-12;

  @Test
  void rejectsMalformedCurves() {
    assertThrows(IllegalArgumentException.class, () -> CurveSummary.normalisedAuc(new double[0], new double[0]));
    assertThrows(IllegalArgumentException.class, () -> CurveSummary.normalisedAuc(new double[] {0.1, 0.2},
        new double[] {0.3}));
    assertThrows(IllegalArgumentException.class, () -> CurveSummary.normalisedAuc(new double[] {0.1, 0.1},
        new double[] {0.3, 0.4}));
    assertThrows(IllegalArgumentException.class, () -> CurveSummary.paired(new double[] {1}, new double[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> CurveSummary.signTestP(-1, 2));
  }

  /**
   * Points (0.02, 0.2), (0.04, 0.3), (0.08, 0.4): area 0.02 * 0.25 + 0.04 * 0.35 = 0.019 over a
   * range of 0.06 -> 0.31666...; a single point is its own value.
   */
  @Test
  void aucIsTheMeanOverTheFractionRange() {
    assertEquals(0.019 / 0.06, CurveSummary.normalisedAuc(new double[] {0.02, 0.04, 0.08},
        new double[] {0.2, 0.3, 0.4}), EXACT);
    assertEquals(0.25, CurveSummary.normalisedAuc(new double[] {0.5}, new double[] {0.25}), EXACT);
    // A flat curve's AUC is its level, whatever the spacing.
    assertEquals(0.3, CurveSummary.normalisedAuc(new double[] {0.1, 0.15, 0.4}, new double[] {0.3, 0.3, 0.3}), EXACT);
  }

  /** Values 0.2, 0.5, 0.4, 0.6 at fractions 0.1 .. 0.4: observed rounds only, first one wins. */
  @Test
  void firstReachingTakesTheFirstObservedRound() {
    double[] f = {0.1, 0.2, 0.3, 0.4};
    double[] m = {0.2, 0.5, 0.4, 0.6};
    assertEquals(0.2, CurveSummary.firstReaching(f, m, 0.45));
    assertEquals(0.2, CurveSummary.firstReaching(f, m, 0.5), "reaching includes equality");
    // 0.55 lies between rounds 2 (0.4) and 3 (0.6): no interpolation, round 3's fraction.
    assertEquals(0.4, CurveSummary.firstReaching(f, m, 0.55));
    assertNull(CurveSummary.firstReaching(f, m, 0.7));
  }

  /** 1, 2, 3, 4: mean 2.5, squared deviations 5 over n - 1 = 3, sd sqrt(5/3). */
  @Test
  void statsByHand() {
    CurveSummary.Stats s = CurveSummary.stats(1, 2, 3, 4);
    assertEquals(4, s.n());
    assertEquals(2.5, s.mean(), EXACT);
    assertEquals(Math.sqrt(5.0 / 3), s.sd(), EXACT);
    assertNull(CurveSummary.stats(0.7).sd());
  }

  /**
   * a = .30, .32, .29 against b = .28, .30, .30: d = .02, .02, -.01, mean .01; deviations .01, .01,
   * -.02 -> variance .0006 / 2 = .0003, sd .01732; t = .01 / (.01732 / sqrt 3) = 1. Two wins, one
   * loss: sign test P(X <= 1 | n = 3) = 4/8, two-sided p = 1.
   */
  @Test
  void pairedComparisonByHand() {
    CurveSummary.Paired p = CurveSummary.paired(new double[] {0.30, 0.32, 0.29}, new double[] {0.28, 0.30, 0.30});
    assertEquals(3, p.n());
    assertEquals(0.01, p.meanDifference(), 1e-12);
    assertEquals(Math.sqrt(0.0003), p.sd(), 1e-12);
    assertEquals(1.0, p.t(), 1e-9);
    assertEquals(2, p.wins());
    assertEquals(1, p.losses());
    assertEquals(0, p.ties());
    assertEquals(1.0, p.signTestP(), EXACT);
    assertNull(CurveSummary.paired(new double[] {1, 2}, new double[] {0, 1}).t(), "sd 0: no t");
  }

  /** 3-0: 2/8 = .25 (the best three seeds can do); 10-0: 2/1024; 8-2: 2 (1 + 10 + 45)/1024. */
  @Test
  void signTestByHand() {
    assertEquals(0.25, CurveSummary.signTestP(3, 0), EXACT);
    assertEquals(0.25, CurveSummary.signTestP(0, 3), EXACT);
    assertEquals(2.0 / 1024, CurveSummary.signTestP(10, 0), EXACT);
    assertEquals(112.0 / 1024, CurveSummary.signTestP(8, 2), EXACT);
    assertEquals(1.0, CurveSummary.signTestP(0, 0), EXACT);
    assertEquals(1.0, CurveSummary.signTestP(5, 5), EXACT);
  }
}
