package org.ascmr.pmie;

import org.ascmr.data.SeededSplit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatchScoreTest {
  static final int DIM = 4;
  static final int K = 7;

  /** u_inter of mu_v = 0, mu_t = (delta, 0, ...), sigma = e^-10 both, a = c = 5. */
  static double sampled(double delta) {
    float[] muV = new float[DIM];
    float[] muT = new float[DIM];
    muT[0] = (float) delta;
    double[] sig = new double[DIM];
    java.util.Arrays.fill(sig, Math.exp(-10));
    float[] eps = new float[2 * K * DIM];
    Noise.gaussians(SeededSplit.key(1, 2, 3L), eps, 0, eps.length);
    return MatchScore.sampled(5, 5, muV, sig, muT, sig, 0, DIM, K, eps, new double[K * DIM], new double[K * DIM],
        new double[K * K]);
  }

  @Test
  void identicalMeansAndTinySigmaHandValue() {
    // distance ~0: u_inter = -log sigmoid(2 * 5) = softplus(-10)
    assertEquals(LogSpace.softplus(-10), sampled(0), 1e-6);
  }

  @Test
  void farPairsStayFiniteAndOrderedWhereTheExpFormTies() {
    double[] deltas = {100, 200, 400, 1e6};
    double previous = Double.NEGATIVE_INFINITY;
    for (double delta : deltas) {
      // exp form: sigmoid(2 (5 - 5 delta)) underflows to 0, so -log p = +inf for every delta
      double p = 1 / (1 + Math.exp(-2 * (5 - 5 * delta)));
      assertEquals(0.0, p);
      double u = sampled(delta);
      assertTrue(Double.isFinite(u), "u_inter at distance " + delta);
      assertTrue(u > previous, "u_inter must grow with the distance");
      // -log sigmoid(2 (5 - 5 delta)) = 10 delta - 10, up to the tiny sigma's noise
      assertEquals(10 * delta - 10, u, 1e-5 * delta + 1e-3);
      previous = u;
    }
  }

  @Test
  void closedFormHandValue() {
    // mu_v = (1, 0), mu_t = (0, 0), logsig = 0: ||mu_v - mu_t||^2 = 1, sum(sig_v^2 + sig_t^2) = 4
    // m = -a * 5 + c = -0.5 * 5 + 1 = -1.5, u_inter = -log sigmoid(-1.5) = softplus(1.5)
    double u = MatchScore.closedForm(0.5, 1, new float[] {1, 0}, new float[2], new float[2], new float[2], 0, 2);
    assertEquals(Math.log1p(Math.exp(1.5)), u, 1e-12);
    // far apart: finite and ordered
    double far = MatchScore.closedForm(5, 5, new float[] {1e4f, 0}, new float[2], new float[2], new float[2], 0, 2);
    double farther = MatchScore.closedForm(5, 5, new float[] {2e4f, 0}, new float[2], new float[2], new float[2], 0,
        2);
    assertTrue(Double.isFinite(farther) && farther > far);
  }
}
