package org.ascmr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.ascmr.features.encode.EncoderConfig;
import org.junit.jupiter.api.Test;

class ExtractConfigTest {
  @Test
  void defaultsMatchDocs() {
    ExtractConfig c = ExtractConfig.defaults();
    assertEquals(new ExtractConfig(64, 4, 8, 4, 8, 1000, 2, 2, true, true, EncoderConfig.from(ConfigSource.empty())), c);
    // Chosen on val (docs/encoders.md): MiniLM text, the descriptor for images, MobileNetV2's last pretrained block.
    assertEquals(EncoderConfig.TextEncoderName.MINILM, c.encoders().text());
    assertEquals(EncoderConfig.ImageEncoderName.DESCRIPTOR, c.encoders().image());
    assertEquals("block_10_project_BN", c.encoders().mobilenetLayer());
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
  void encoderSettingsAreCheckedWithTheKeyNamed() {
    ConfigException layer = assertThrows(ConfigException.class,
        () -> ExtractConfig.from(ConfigSource.load(null, List.of("extract.mobilenet.layer=block_99"))));
    assertEquals("extract.mobilenet.layer", layer.key());
    assertTrue(layer.getMessage().contains("out_relu"), layer.getMessage());
    ConfigException model = assertThrows(ConfigException.class,
        () -> ExtractConfig.from(ConfigSource.load(null, List.of("extract.imageEncoder=onnx"))));
    assertEquals("extract.onnx.image.model", model.key());
    ConfigException tokenizer = assertThrows(ConfigException.class, () -> ExtractConfig.from(ConfigSource.load(null,
        List.of("extract.textEncoder=onnx", "extract.onnx.text.model=m.onnx"))));
    assertEquals("extract.onnx.text.tokenizer", tokenizer.key());
    ConfigException layout = assertThrows(ConfigException.class,
        () -> ExtractConfig.from(ConfigSource.load(null, List.of("extract.onnx.image.layout=chw"))));
    assertEquals("extract.onnx.image.layout", layout.key());
  }

  @Test
  void rejectsMoreCellsThanPixels() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExtractConfig.from(ConfigSource.load(null, List.of("extract.canvas=8", "extract.cells=16"))));
    assertEquals("extract.cells", e.key());
  }
}
