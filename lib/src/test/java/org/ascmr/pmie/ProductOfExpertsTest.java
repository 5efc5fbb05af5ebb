package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ProductOfExpertsTest {

  @Test
  void equalSigmasAverageTheMeans() {
    // mu_v = (1, 0), mu_t = (0, 1), sig = 1 both: sig_z^2 = 1/2, mu_z = (1/2, 1/2), u = (1, 1)/sqrt(2)
    float[] mu = new float[2];
    float[] sigma = new float[2];
    float[] u = new float[2];
    ProductOfExperts.fuse(new float[] {1, 0}, new float[] {0, 0}, new float[] {0, 1}, new float[] {0, 0}, 0, 2, mu,
        sigma, u);
    assertArrayEquals(new float[] {0.5f, 0.5f}, mu, 1e-7f);
    assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, sigma, 1e-7f);
    assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, u, 1e-7f);
  }

  @Test
  void theSurerExpertWins() {
    // dim 0: sig_v = 1, sig_t = e^-1 (variance e^-2): mu_z = (e^-2 * 2 + 1 * 4) / (1 + e^-2)
    // at offset 1 of the arrays (the scorer fuses row-major batches)
    float[] mu = new float[2];
    float[] sigma = new float[2];
    float[] u = new float[2];
    ProductOfExperts.fuse(new float[] {9, 2}, new float[] {9, 0}, new float[] {9, 4}, new float[] {9, -1}, 1, 1, mu,
        sigma, u);
    double vt = Math.exp(-2);
    assertArrayEquals(new float[] {0, (float) ((vt * 2 + 4) / (1 + vt))}, mu, 1e-6f);
    assertArrayEquals(new float[] {0, (float) Math.sqrt(vt / (1 + vt))}, sigma, 1e-7f);
    assertArrayEquals(new float[] {0, 1}, u, 0f);
  }
}
