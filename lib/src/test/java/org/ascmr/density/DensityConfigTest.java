package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class DensityConfigTest {

  @Test
  void defaultsMatchDocs() {
    DensityConfig c = DensityConfig.defaults();
    assertEquals(10, c.k());
    assertEquals(0, c.clusters());
    assertEquals(12, c.nprobe());
    assertEquals(0, c.sampleSize());
    assertEquals(5, c.kmeansIterations());
    assertEquals(0, c.projectionDims());
    assertEquals(500, c.recallQueries());
    assertEquals(0.0, c.minRecall());
    assertEquals(20_000, c.maxBlockRows());
    assertEquals(0L, c.seed());
    assertEquals(10, DensityConfig.SETTINGS.size());
    assertTrue(DensityConfig.SETTINGS.stream().allMatch(s -> s.key().startsWith("density.")));
  }

  @Test
  void rejectsInvalidSettings() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> DensityConfig.from(ConfigSource.parse("density.k = 0")));
    assertEquals("config density.k: must be >= 1, was 0", e.getMessage());
    e = assertThrows(ConfigException.class, () -> DensityConfig.from(ConfigSource.parse("density.minRecall = 1.5")));
    assertTrue(e.getMessage().contains("density.minRecall"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> DensityConfig.from(ConfigSource.parse("density.nprobe = 0")));
    assertTrue(e.getMessage().contains("density.nprobe"), e.getMessage());
  }

  @Test
  void clustersFollowPoolSize() {
    DensityConfig c = DensityConfig.defaults();
    assertEquals(1000, c.clustersFor(1_000_000));
    assertEquals(47, c.clustersFor(2173));
    assertEquals(1, c.clustersFor(1));
    assertEquals(12, c.nprobeFor(1_000_000));
    assertEquals(3, c.nprobeFor(9)); // 3 clusters for 9 items: probe them all
    assertEquals(5, c.withClusters(7).nprobeFor(5)); // never more clusters than items
    assertEquals(32_000, c.sampleSizeFor(1_000_000)); // 32 per cluster
    assertEquals(1504, c.sampleSizeFor(2173));
    assertEquals(9, c.sampleSizeFor(9));
  }
}
