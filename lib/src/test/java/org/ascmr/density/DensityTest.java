package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DensityTest {

  @Test
  void rhoIsMeanClippedSimilarityOverK() {
    // (0.9 + 0.5 + 0) / 3: the negative similarity weighs 0; entries beyond k are ignored.
    assertEquals((0.9 + 0.5) / 3, Density.rho(new float[] {0.9f, 0.5f, -0.2f, 0.1f}, 3), 1e-7);
    assertEquals(0.4, Density.rho(new float[] {0.4f}, 10), 1e-7); // pool of two
    assertEquals(0.0, Density.rho(new float[0], 10));
  }

  @Test
  void symmetriseUnitesBothDirections() {
    // a's own list: b=1 (0.8), c=2 (0.3). d=3 has a in its list (0.5); b has a too (0.8, same pair).
    RankList own = new RankList(new int[] {1, 2}, new float[] {0.8f, 0.3f});
    RankList sym = Density.symmetrise(own, new int[] {3, 1, 4, 99}, new float[] {0.5f, 0.8f, -0.1f, 9f}, 3);
    assertArrayEquals(new int[] {1, 3, 2, 4}, sym.ranks());
    assertArrayEquals(new float[] {0.8f, 0.5f, 0.3f, 0f}, sym.similarities()); // w = max(0, s)
  }

  @Test
  void symmetriseBreaksTiesByRank() {
    RankList own = new RankList(new int[] {25}, new float[] {0.5f});
    RankList sym = Density.symmetrise(own, new int[] {12, 0}, new float[] {0.5f, 0.5f}, 2);
    assertArrayEquals(new int[] {0, 12, 25}, sym.ranks());
  }

  @Test
  void symmetriseKeepsTheLargerSimilarityOfARepeatedNeighbour() {
    // a hub: many reverse edges, one neighbour present from both ends with different values
    int[] rev = new int[200];
    float[] sims = new float[200];
    for (int i = 0; i < 200; i++) {
      rev[i] = 1000 + i;
      sims[i] = 0.001f * i;
    }
    rev[7] = 5;
    sims[7] = 0.9f;
    RankList sym = Density.symmetrise(new RankList(new int[] {5}, new float[] {0.4f}), rev, sims, 200);
    assertEquals(200, sym.size());
    assertEquals(5, sym.ranks()[0]);
    assertEquals(0.9f, sym.similarities()[0]);
  }
}
