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
    // a's own list: b (0.8), c (0.3). d has a in its list (0.5); b has a too (0.8, same pair).
    Neighbours own = new Neighbours(new String[] {"b", "c"}, new float[] {0.8f, 0.3f});
    Neighbours sym = Density.symmetrise(own, List.of("d", "b", "e"), List.of(0.5f, 0.8f, -0.1f));
    assertArrayEquals(new String[] {"b", "d", "c", "e"}, sym.ids());
    assertArrayEquals(new float[] {0.8f, 0.5f, 0.3f, 0f}, sym.similarities()); // w = max(0, s)
  }

  @Test
  void symmetriseBreaksTiesById() {
    Neighbours own = new Neighbours(new String[] {"z"}, new float[] {0.5f});
    Neighbours sym = Density.symmetrise(own, List.of("m", "a"), List.of(0.5f, 0.5f));
    assertArrayEquals(new String[] {"a", "m", "z"}, sym.ids());
  }
}
