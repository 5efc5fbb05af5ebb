package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class ScoreConfigTest {

  @Test
  void defaultsMatchMethod() {
    ScoreConfig c = ScoreConfig.defaults();
    assertEquals(7, c.samples());
    assertEquals(1e-4, c.lr());
    assertEquals(1e-4, c.weightDecay());
    assertEquals(40, c.epochs());
    assertEquals(3, c.patience());
    assertEquals(200_000, c.sampleCap());
    assertEquals(1.0, c.betaIntra());
    assertFalse(c.closedForm());
    assertFalse(c.useRawFeatures());
    assertEquals(0.5, ScoreConfig.BETA1);
    assertEquals(0.999, ScoreConfig.BETA2);
  }

  @Test
  void settingsAreReadFromConfig() {
    ScoreConfig c = ScoreConfig.from(ConfigSource.load(null, List.of("score.samples=3", "score.closedForm=true",
        "score.embedDim=32")));
    assertEquals(3, c.samples());
    assertTrue(c.closedForm());
    assertEquals(32, c.embedDim());
  }

  @Test
  void rejectsOutOfRangeValuesNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ScoreConfig.from(ConfigSource.load(null, List.of("score.samples=0"))));
    assertEquals("score.samples", e.key());
    assertThrows(ConfigException.class, () -> ScoreConfig.from(ConfigSource.load(null, List.of("score.lr=0"))));
    assertThrows(ConfigException.class,
        () -> ScoreConfig.from(ConfigSource.load(null, List.of("score.holdoutFraction=1"))));
  }

  @Test
  void rejectsBatchLargerThanSample() {
    ConfigException e = assertThrows(ConfigException.class, () -> ScoreConfig.from(
        ConfigSource.load(null, List.of("score.sampleCap=100", "score.trainBatch=128"))));
    assertEquals("score.trainBatch", e.key());
  }

  @Test
  void tooFewPairsToHoldOutIsAConfigError() {
    ScoreConfig c = ScoreConfig.defaults();
    ConfigException e = assertThrows(ConfigException.class, () -> c.validateTrainingSize(10));
    assertTrue(e.getMessage().contains("need at least 2 on each side"), e.getMessage());
    c.validateTrainingSize(20);
    assertEquals(2, c.heldOutCount(20));
  }
}
