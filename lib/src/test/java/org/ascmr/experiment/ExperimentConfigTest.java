package org.ascmr.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.ascmr.strategy.StrategyName;
import org.junit.jupiter.api.Test;

class ExperimentConfigTest {

  @Test
  void defaultsMatchDocs() {
    ExperimentConfig c = ExperimentConfig.defaults();
    assertEquals(List.of(StrategyName.values()), c.strategies(), "every strategy, in report order");
    assertEquals(List.of(1L, 2L, 3L), c.seeds());
    assertEquals(0.02, c.initFraction());
    assertEquals(0.30, c.maxFraction());
  }

  @Test
  void rejectsUnknownStrategyAndDuplicates() {
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.from(
        ConfigSource.load(null, List.of("experiment.strategies=random,best"))));
    assertEquals("experiment.strategies", e.key());
    e = assertThrows(ConfigException.class, () -> ExperimentConfig.from(
        ConfigSource.load(null, List.of("experiment.seeds=1,1"))));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
    assertThrows(ConfigException.class, () -> ExperimentConfig.from(
        ConfigSource.load(null, List.of("experiment.initFraction=0.5", "experiment.maxFraction=0.3"))));
  }

  /**
   * OpenClipArt's pool has 2,243 train pairs: init 2% = 45, budget 2% = 45, until 30% = 673:
   * ceil((673 - 45) / 45) = 14 rounds.
   */
  @Test
  void roundsForOpenClipArtPool() {
    ExperimentConfig c = ExperimentConfig.defaults();
    assertEquals(45, c.initCount(2243));
    assertEquals(45, c.budget(2243));
    assertEquals(14, c.rounds(2243));
    ExperimentConfig capped = ExperimentConfig.from(ConfigSource.load(null,
        List.of("experiment.maxRounds=3", "experiment.strategies=random,ascmr")));
    assertEquals(3, capped.rounds(2243));
    assertEquals(List.of(StrategyName.RANDOM, StrategyName.ASCMR), capped.strategies());
  }
}
