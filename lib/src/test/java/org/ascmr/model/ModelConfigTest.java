package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  @Test
  void defaultsMatchMethod() {
    ModelConfig m = ModelConfig.defaults();
    assertEquals(1024, m.embedDim());
    assertEquals(0, m.hidden());
    assertEquals(0.2, m.dropout());
    assertEquals(5, m.gcnLayers());
    assertEquals(300, m.labelDim());
    assertEquals(0.0, m.mmdWeight());
    assertEquals(0.0, m.adversarialWeight());
    TrainConfig t = TrainConfig.defaults();
    assertEquals(5e-5, t.lr());
    assertEquals(0.5, t.beta1());
    assertEquals(0.999, t.beta2());
    assertEquals(64, t.batchSize());
    assertEquals(10, t.patience());
    assertNull(t.wordVectors());
  }

  @Test
  void overridesAreRead() {
    ConfigSource c = ConfigSource.load(null, List.of("train.embedDim=128", "train.hidden=256", "train.lr=0.001",
        "train.wordVectors=/data/glove.txt"));
    assertEquals(128, ModelConfig.from(c).embedDim());
    assertEquals(256, ModelConfig.from(c).hidden());
    assertEquals(0.001, TrainConfig.from(c).lr());
    assertEquals("/data/glove.txt", TrainConfig.from(c).wordVectors());
  }

  @Test
  void rejectsOutOfRange() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ModelConfig.from(ConfigSource.load(null, List.of("train.dropout=1"))));
    assertEquals("train.dropout", e.key());
    e = assertThrows(ConfigException.class, () -> TrainConfig.from(ConfigSource.load(null, List.of("train.batchSize=1"))));
    assertEquals("train.batchSize", e.key());
  }

  @Test
  void optionalTermsAreRejectedAsNotImplemented() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ModelConfig.from(ConfigSource.load(null, List.of("train.mmdWeight=0.2"))));
    assertEquals("train.mmdWeight", e.key());
    assertTrue(e.getMessage().contains(ModelConfig.NOT_IMPLEMENTED), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> ModelConfig.from(ConfigSource.load(null, List.of("train.adversarialWeight=1"))));
    assertEquals("train.adversarialWeight", e.key());
  }

  @Test
  void workersFollowRowsAndSlots() {
    TrainConfig t = TrainConfig.from(ConfigSource.load(null, List.of("train.minRowsPerWorker=100")));
    assertEquals(1, t.workersFor(50, 8));
    assertEquals(3, t.workersFor(201, 8));
    assertEquals(8, t.workersFor(100_000, 8));
    TrainConfig fixed = TrainConfig.from(ConfigSource.load(null, List.of("train.minRowsPerWorker=100",
        "train.workers=2")));
    assertEquals(2, fixed.workersFor(100_000, 8));
  }

  @Test
  void threadsShareTheCoresUnlessSet() {
    assertEquals(4, TrainConfig.defaults().threadsPerTask(8, 2));
    assertEquals(1, TrainConfig.defaults().threadsPerTask(2, 4));
    TrainConfig one = TrainConfig.from(ConfigSource.load(null, List.of("train.threads=1")));
    assertEquals(1, one.threadsPerTask(16, 1));
  }
}
