package org.ascmr.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class CcaConfigTest {
  @Test
  void defaultsMatchDocs() {
    CcaConfig c = CcaConfig.defaults();
    assertEquals(List.of(4, 8, 16, 32, 64, 128), c.dims());
    assertEquals(List.of(1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0, 1000.0), c.ridge());
    assertTrue(c.selects());
    assertFalse(CcaConfig.single(10, 0.01).selects());
  }

  @Test
  void readsListsFromSetAndHocon() {
    CcaConfig fromSet = CcaConfig.from(ConfigSource.load(null, List.of("cca.dims=5, 10", "cca.ridge=0.5")));
    assertEquals(List.of(5, 10), fromSet.dims());
    assertEquals(List.of(0.5), fromSet.ridge());
    CcaConfig fromFile = CcaConfig.from(ConfigSource.parse("cca { dims = [3, 7], ridge = [0, 1e-2] }"));
    assertEquals(List.of(3, 7), fromFile.dims());
    assertEquals(List.of(0.0, 0.01), fromFile.ridge());
  }

  @Test
  void rejectsInvalidSettingsNamingTheKey() {
    ConfigException zero = assertThrows(ConfigException.class,
        () -> CcaConfig.from(ConfigSource.load(null, List.of("cca.dims=0"))));
    assertTrue(zero.getMessage().startsWith("config cca.dims: must be a non-empty list of integers >= 1"),
        zero.getMessage());
    ConfigException word = assertThrows(ConfigException.class,
        () -> CcaConfig.from(ConfigSource.load(null, List.of("cca.dims=ten"))));
    assertTrue(word.getMessage().contains("cca.dims"), word.getMessage());
    ConfigException negative = assertThrows(ConfigException.class,
        () -> CcaConfig.from(ConfigSource.load(null, List.of("cca.ridge=-1"))));
    assertTrue(negative.getMessage().startsWith("config cca.ridge: must be a non-empty list of finite numbers >= 0"),
        negative.getMessage());
    assertThrows(ConfigException.class, () -> CcaConfig.from(ConfigSource.load(null, List.of("cca.ridge=NaN"))));
    assertThrows(ConfigException.class, () -> new CcaConfig(List.of(), List.of(1.0)));
  }
}
