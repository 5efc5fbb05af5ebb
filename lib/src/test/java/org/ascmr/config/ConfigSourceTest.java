package org.ascmr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {
  enum Mode { TOP_B, CLUSTER_HEAP }

  static final Setting<Integer> EPOCHS = Setting.ofInt("train.epochs", 100, "max epochs", Check.atLeast(1));
  static final Setting<Double> LR = Setting.ofDouble("train.lr", 5e-5, "learning rate", Check.positive());
  static final Setting<Mode> MODE = Setting.ofEnum("allocate.solver", Mode.class, Mode.TOP_B, "solver");
  static final Setting<List<String>> NAMES = Setting.ofStringList("experiment.strategies",
      List.of("random"), "strategies", Check.any());
  static final List<Setting<?>> ALL = List.of(EPOCHS, LR, MODE, NAMES);

  @Test
  void defaultsWhenUnset() {
    ConfigSource c = ConfigSource.empty();
    assertEquals(100, c.get(EPOCHS));
    assertEquals(Mode.TOP_B, c.get(MODE));
  }

  @Test
  void fileThenOverrides(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("a.conf");
    Files.writeString(f, "train { epochs = 7, lr = 0.001 }\nallocate.solver = cluster-heap\n");
    ConfigSource c = ConfigSource.load(f, List.of("train.epochs=9", "experiment.strategies=random, ascmr"));
    assertEquals(9, c.get(EPOCHS));
    assertEquals(0.001, c.get(LR));
    assertEquals(Mode.CLUSTER_HEAP, c.get(MODE));
    assertEquals(List.of("random", "ascmr"), c.get(NAMES));
    c.rejectUnknown(ALL);
  }

  @Test
  void wrongTypeNamesKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigSource.load(null, List.of("train.epochs=many")).get(EPOCHS));
    assertEquals("train.epochs", e.key());
    assertTrue(e.getMessage().contains("must be an integer, was 'many'"), e.getMessage());
  }

  @Test
  void outOfRangeNamesKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigSource.load(null, List.of("train.epochs=0")).get(EPOCHS));
    assertTrue(e.getMessage().contains("train.epochs: must be >= 1, was 0"), e.getMessage());
  }

  @Test
  void badEnumListsAllowed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigSource.load(null, List.of("allocate.solver=best")).get(MODE));
    assertTrue(e.getMessage().contains("[top-b, cluster-heap]"), e.getMessage());
  }

  @Test
  void unknownKeySuggestsClosest() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigSource.load(null, List.of("train.epoch=3")).rejectUnknown(ALL));
    assertEquals("train.epoch", e.key());
    assertTrue(e.getMessage().contains("did you mean train.epochs?"), e.getMessage());
  }

  @Test
  void sparkPassthroughKeepsDottedKeys() {
    ConfigSource c = ConfigSource.load(null, List.of("spark.conf.spark.executor.memory=4g"));
    c.rejectUnknown(ALL);
    assertEquals("4g", c.sparkProperties().get("spark.executor.memory"));
  }

  @Test
  void malformedOverride() {
    assertThrows(ConfigException.class, () -> ConfigSource.load(null, List.of("novalue")));
  }
}
