package org.ascmr.allocate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class RecentredWeightsTest {
  /** Unit vectors in a plane at the given angles. */
  static float[][] units(double... degrees) {
    float[][] u = new float[degrees.length][];
    for (int i = 0; i < degrees.length; i++) {
      double r = Math.toRadians(degrees[i]);
      u[i] = new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }
    return u;
  }

  @Test
  void thresholdIsTheQuantileOfAllPairSimilaritiesClampedToZeroAndBelowOne() {
    // angles 0, 60, 90, 180: similarities 0.5, 0, -1, 0.866, -0.5, 0 -> sorted -1, -0.5, 0, 0, 0.5, 0.866
    float[][] u = units(0, 60, 90, 180);
    assertEquals(0.5, RecentredWeights.threshold(u, 0.7), 1e-6);
    assertEquals(0.866, RecentredWeights.threshold(u, 0.99), 1e-3);
    assertEquals(0.0, RecentredWeights.threshold(u, 0.2), 0.0, "negative quantiles clamp to 0 (raw weights)");
    assertEquals(0.999, RecentredWeights.threshold(units(0, 0, 0), 0.5), 0.0, "identical vectors clamp below 1");
    assertEquals(0.0, RecentredWeights.threshold(units(10), 0.5), 0.0, "one vector has no pair");
    assertThrows(IllegalArgumentException.class, () -> RecentredWeights.threshold(u, 1.0));
  }

  @Test
  void weightsBelowTheThresholdVanishAndTheRestRescaleToZeroOne() {
    assertEquals(0f, RecentredWeights.apply(0.3f, 0.4), 0f);
    assertEquals(0f, RecentredWeights.apply(0.4f, 0.4), 1e-7f, "the threshold itself (0.4f is not exactly 0.4)");
    assertEquals(0.5f, RecentredWeights.apply(0.7f, 0.4), 1e-6f);
    assertEquals(1f, RecentredWeights.apply(1f, 0.4), 1e-6f);
    assertEquals(0.98f, RecentredWeights.apply(0.98f, 0.0), 0f, "threshold 0 leaves max(0, s) as it is");
  }

  @Test
  void recentredWeightsNeedTheGreedySolver() {
    assertEquals(Weighting.RAW, AllocateConfig.defaults().weights(), "the reconstruction's weights by default");
    ConfigException e = assertThrows(ConfigException.class, () -> AllocateConfig.from(ConfigSource.load(null,
        List.of("allocate.weights=recentred", "allocate.solver=cluster"))));
    assertEquals("allocate.weights", e.key());
    assertThrows(ConfigException.class, () -> AllocateConfig.from(ConfigSource.load(null,
        List.of("allocate.recentreQuantile=1"))));
  }
}
