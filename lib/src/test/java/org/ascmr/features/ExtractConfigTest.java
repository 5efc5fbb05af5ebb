package org.ascmr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class ExtractConfigTest {
  @Test
  void defaultsMatchDocs() {
    ExtractConfig c = ExtractConfig.defaults();
    assertEquals(new ExtractConfig(64, 4, 8, 4, 8, 1000, 2, 2, true, true, org.ascmr.features.encode.EncoderConfig.from(ConfigSource.empty())), c);
    assertEquals(256, c.imageDescriptor().dim());
    // effective() lists exactly the declared settings, as `ascmr config` would print them.
    assertEquals(ConfigSource.empty().effective(ExtractConfig.SETTINGS), c.effective());
  }

  @Test
  void overridesAreRead() {
    ExtractConfig c = ExtractConfig.from(ConfigSource.load(null,
        List.of("extract.canvas=32", "extract.vocabSize=50", "extract.normaliseText=false")));
    assertEquals(32, c.canvas());
    assertEquals(50, c.vocabSize());
    assertEquals(false, c.normaliseText());
  }

  @Test
  void rejectsOutOfRangeNamingKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExtractConfig.from(ConfigSource.load(null, List.of("extract.minDocFreq=0"))));
    assertTrue(e.getMessage().contains("extract.minDocFreq: must be >= 1, was 0"), e.getMessage());
  }

  @Test
  void rejectsMoreCellsThanPixels() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExtractConfig.from(ConfigSource.load(null, List.of("extract.canvas=8", "extract.cells=16"))));
    assertEquals("extract.cells", e.key());
  }
}
