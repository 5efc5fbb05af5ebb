package org.ascmr.features.encode;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The images of the reference fixture and their preprocessed inputs. Run with
 * {@code -Dascmr.mobilenet.dump=DIR} it writes DIR/inputs.f32 (the Java-preprocessed inputs,
 * float32 little-endian, NHWC, one after another) and DIR/inputs.txt (their image paths), which
 * deploy/models/mobilenet-v2/reference.js feeds to TF.js: the fixture then compares the
 * networks on identical inputs.
 */
class MobileNetV2FixtureInputs {
  /** Repository-relative; two RGBA clip arts (square, wide) and one opaque RGB one. */
  static final List<String> IMAGES = List.of(
      "test-data/openclipart/images/people/sailor_nicu_buculei_01.png",
      "test-data/openclipart/images/animals/bugs/ragnetto_incazzato_archi_01.png",
      "test-data/openclipart/images/recreation/park_nicu_buculei_01.png");

  /** Surefire runs in the module directory (lib/); the images live at the repository root. */
  static Path resolve(String image) {
    Path p = Path.of(image);
    return Files.exists(p) ? p : Path.of("..").resolve(image);
  }

  static BufferedImage read(String image) {
    try {
      BufferedImage img = ImageIO.read(resolve(image).toFile());
      if (img == null) throw new IllegalStateException("unreadable " + image);
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[] input(String image) {
    return MobileNetInput.toInput(read(image), MobileNetV2Encoder.SIZE);
  }

  @Test
  @EnabledIfSystemProperty(named = "ascmr.mobilenet.dump", matches = ".+")
  void dumpInputs() throws IOException {
    Path dir = Path.of(System.getProperty("ascmr.mobilenet.dump"));
    Files.createDirectories(dir);
    int len = MobileNetV2Encoder.SIZE * MobileNetV2Encoder.SIZE * 3;
    ByteBuffer buf = ByteBuffer.allocate(IMAGES.size() * len * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (String image : IMAGES) {
      for (float v : input(image)) buf.putFloat(v);
    }
    Files.write(dir.resolve("inputs.f32"), buf.array());
    Files.write(dir.resolve("inputs.txt"), IMAGES);
  }
}
