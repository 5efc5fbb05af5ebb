package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FeatureStatsTest {
  @Test
  void meanAndStdByHand() {
    // Column 0: 1, 2, 3, 6 -> mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5.
    // Column 1: constant 5 -> scale 1 (left unscaled).
    FeatureStats s = new FeatureStats(2).add(new float[] {1, 5}).add(new float[] {2, 5}).add(new float[] {3, 5})
        .add(new float[] {6, 5});
    assertArrayEquals(new float[] {3, 5}, s.mean(), 1e-6f);
    assertEquals(Math.sqrt(3.5), s.std()[0], 1e-12);
    assertArrayEquals(new float[] {(float) (1 / Math.sqrt(3.5)), 1f}, s.scale(), 1e-6f);
  }

  @Test
  void mergingHalvesEqualsWhole() {
    FeatureStats a = new FeatureStats(1).add(new float[] {1}).add(new float[] {2});
    FeatureStats b = new FeatureStats(1).add(new float[] {3}).add(new float[] {6});
    FeatureStats whole = new FeatureStats(1).add(new float[] {1}).add(new float[] {2}).add(new float[] {3})
        .add(new float[] {6});
    FeatureStats merged = a.merge(b).merge(new FeatureStats(1));
    assertEquals(4, merged.count());
    assertEquals(whole.mean()[0], merged.mean()[0], 1e-6f);
    assertEquals(whole.std()[0], merged.std()[0], 1e-12);
  }
}
