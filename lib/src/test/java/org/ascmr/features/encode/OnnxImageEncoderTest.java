package org.ascmr.features.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.ascmr.features.encode.ImageModelContract.Layout;
import org.ascmr.features.encode.ImageModelContract.Reduction;
import org.junit.jupiter.api.Test;

/** Against real ONNX Runtime sessions of one-node models written by {@link TinyOnnx}. */
class OnnxImageEncoderTest {

  private static final double SCALE = 1 / 255.0;
  private static final float S = (float) Math.sqrt(0.5);

  /** [n, 3, 4, 4] -> GlobalAveragePool -> [n, 3, 1, 1]: the vector is the mean colour. */
  private static final byte[] GAP_NCHW = TinyOnnx.model("GlobalAveragePool", "pixels",
      new long[] {-1, 3, 4, 4}, "pooled", new long[] {-1, 3, 1, 1});

  private static ImageModelContract contract(String in, String out, int size, Layout layout, Reduction r) {
    return new ImageModelContract(in, out, size, layout, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), SCALE, r);
  }

  private static OnnxImageEncoder gapNchw() {
    return new OnnxImageEncoder("/models/gap.onnx", GAP_NCHW,
        contract("pixels", "pooled", 4, Layout.NCHW, Reduction.AS_IS), "tiny-gap", "1", 1);
  }

  private static BufferedImage solid(int w, int h, int argb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, argb);
      }
    }
    return img;
  }

  @Test
  void meanColourModelGivesTheExpectedUnitVectors() {
    try (OnnxImageEncoder enc = gapNchw()) {
      assertEquals(new EncoderInfo("tiny-gap", "1", OnnxSessions.sha256(GAP_NCHW), "pooled", 3), enc.info());
      assertEquals(48, enc.inputLength());
      float[][] v = enc.encode(List.of(
          enc.preprocess(solid(10, 6, 0xFFFF0000)), // opaque red
          enc.preprocess(solid(3, 3, 0x00000000)), // fully transparent: white
          enc.preprocess(solid(5, 5, 0x80000000)))); // half-transparent black: grey, still equal RGB
      assertArrayEquals(new float[] {1, 0, 0}, v[0], 1e-6f);
      float third = (float) Math.sqrt(1 / 3.0);
      assertArrayEquals(new float[] {third, third, third}, v[1], 1e-6f);
      assertArrayEquals(new float[] {third, third, third}, v[2], 1e-6f);
    }
  }

  @Test
  void nhwcOutputIsAveragePooledOverSpace() {
    byte[] identity = TinyOnnx.model("Identity", "image", new long[] {-1, 4, 4, 3}, "map", new long[] {-1, 4, 4, 3});
    try (OnnxImageEncoder enc = new OnnxImageEncoder("/models/id.onnx", identity,
        contract("image", "map", 4, Layout.NHWC, Reduction.GLOBAL_AVERAGE_POOL), "id", "1", 1)) {
      assertEquals(3, enc.info().dim());
      assertEquals("map global-average-pooled", enc.info().layer());
      BufferedImage img = solid(8, 8, 0xFFFF0000);
      for (int y = 0; y < 8; y++) {
        for (int x = 4; x < 8; x++) {
          img.setRGB(x, y, 0xFF0000FF); // right half blue
        }
      }
      // Symmetric halves: as much red as blue after resizing, no green.
      assertArrayEquals(new float[] {S, 0, S}, enc.encode(List.of(enc.preprocess(img)))[0], 1e-6f);
    }
  }

  @Test
  void preprocessNormalisesPerChannelInTheContractsLayout() {
    BufferedImage px = solid(2, 2, 0xFFFF8000); // R 255, G 128, B 0
    List<Double> mean = List.of(0.5, 0.5, 0.5);
    List<Double> std = List.of(0.25, 0.5, 1.0);
    float r = 2f;
    float g = (float) ((128 / 255.0 - 0.5) / 0.5);
    float b = -0.5f;
    float[] nchw = new ImagePreprocessor(new ImageModelContract("x", "y", 2, Layout.NCHW, mean, std, SCALE,
        Reduction.AS_IS)).apply(px);
    assertArrayEquals(new float[] {r, r, r, r, g, g, g, g, b, b, b, b}, nchw, 1e-6f);
    float[] nhwc = new ImagePreprocessor(new ImageModelContract("x", "y", 2, Layout.NHWC, mean, std, SCALE,
        Reduction.AS_IS)).apply(px);
    assertArrayEquals(new float[] {r, g, b, r, g, b, r, g, b, r, g, b}, nhwc, 1e-6f);
  }

  @Test
  void resizeAveragesWhenShrinkingAndInterpolatesWhenGrowing() {
    // 2x2 checkerboard to 1x1: every source pixel counts equally.
    assertArrayEquals(new float[] {127.5f}, ImagePreprocessor.resize(new float[] {0, 255, 255, 0}, 2, 2, 1, 1), 1e-4f);
    // A 4-pixel ramp to 2: triangle of half-width 2 around source x = 1 and 3 (weights 3 3 1 and
    // 1 3 3; the tap beyond the edge is dropped and the rest renormalised).
    float[] half = ImagePreprocessor.resize(new float[] {0, 10, 20, 30}, 4, 1, 2, 1);
    assertArrayEquals(new float[] {(0 * 3 + 10 * 3 + 20 * 1) / 7f, (10 * 1 + 20 * 3 + 30 * 3) / 7f}, half, 1e-4f);
    // Growing 2 -> 4: bilinear between the two centres, clamped at the edges.
    assertArrayEquals(new float[] {0, 25, 75, 100}, ImagePreprocessor.resize(new float[] {0, 100}, 2, 1, 4, 1), 1e-4f);
    // A constant image stays constant whatever the sizes.
    float[] ones = new float[7 * 5];
    java.util.Arrays.fill(ones, 42f);
    for (float v : ImagePreprocessor.resize(ones, 7, 5, 3, 11)) {
      assertEquals(42f, v, 1e-4f);
    }
  }

  @Test
  void aBatchGivesTheSameBitsAsOneImageAtATime() {
    try (OnnxImageEncoder enc = gapNchw()) {
      List<float[]> in = List.of(enc.preprocess(solid(4, 4, 0xFF102030)), enc.preprocess(solid(9, 2, 0x80FF00FF)),
          enc.preprocess(solid(1, 1, 0xFF00FF00)));
      float[][] batch = enc.encode(in);
      for (int i = 0; i < in.size(); i++) {
        assertArrayEquals(enc.encode(List.of(in.get(i)))[0], batch[i], 0f);
      }
      assertEquals(0, enc.encode(List.of()).length);
    }
  }

  @Test
  void aModelWithBatchFixedToOneRunsImagesOneByOne() {
    byte[] one = TinyOnnx.model("GlobalAveragePool", "pixels", new long[] {1, 3, 4, 4}, "pooled", new long[] {1, 3, 1, 1});
    try (OnnxImageEncoder enc = new OnnxImageEncoder("/models/one.onnx", one,
        contract("pixels", "pooled", 4, Layout.NCHW, Reduction.GLOBAL_AVERAGE_POOL), "one", "1", 1)) {
      float[][] v = enc.encode(List.of(enc.preprocess(solid(2, 2, 0xFF0000FF)), enc.preprocess(solid(2, 2, 0xFF00FF00))));
      assertArrayEquals(new float[] {0, 0, 1}, v[0], 1e-6f);
      assertArrayEquals(new float[] {0, 1, 0}, v[1], 1e-6f);
    }
  }

  @Test
  void aContractOfAnotherShapeIsRejectedAtLoadNamingBothShapes() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEncoder(
        "/models/gap.onnx", GAP_NCHW, contract("pixels", "pooled", 8, Layout.NCHW, Reduction.AS_IS), "x", "1", 1));
    assertTrue(size.getMessage().contains("/models/gap.onnx"), size.getMessage());
    assertTrue(size.getMessage().contains("[?, 3, 4, 4]") && size.getMessage().contains("[?, 3, 8, 8]"), size.getMessage());

    IllegalArgumentException layout = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEncoder(
        "/models/gap.onnx", GAP_NCHW, contract("pixels", "pooled", 4, Layout.NHWC, Reduction.AS_IS), "x", "1", 1));
    assertTrue(layout.getMessage().contains("[?, 4, 4, 3]") && layout.getMessage().contains("NHWC"), layout.getMessage());
  }

  /** A text model given as an image model: its int64 [batch, length] input is not an image. */
  @Test
  void theMiniLmTextModelIsNotAnImageModel() {
    byte[] minilm = MiniLmEncoder.resource(MiniLmEncoder.MODEL_RESOURCE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEncoder(
        "/models/minilm.onnx", minilm, contract("input_ids", "last_hidden_state", 224, Layout.NCHW,
            Reduction.GLOBAL_AVERAGE_POOL), "x", "1", 1));
    assertTrue(e.getMessage().contains("/models/minilm.onnx input 'input_ids' is INT64 [?, ?]"), e.getMessage());
    assertTrue(e.getMessage().contains("FLOAT [?, 3, 224, 224]"), e.getMessage());
  }

  @Test
  void wrongNamesAndCorruptBytesGiveClearErrors() {
    IllegalArgumentException in = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEncoder(
        "/models/gap.onnx", GAP_NCHW, contract("image", "pooled", 4, Layout.NCHW, Reduction.AS_IS), "x", "1", 1));
    assertTrue(in.getMessage().contains("/models/gap.onnx has no input named 'image'"), in.getMessage());
    assertTrue(in.getMessage().contains("[pixels]"), in.getMessage());

    IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEncoder(
        "/models/gap.onnx", GAP_NCHW, contract("pixels", "features", 4, Layout.NCHW, Reduction.AS_IS), "x", "1", 1));
    assertTrue(out.getMessage().contains("no output named 'features'") && out.getMessage().contains("[pooled]"),
        out.getMessage());

    byte[] corrupt = java.util.Arrays.copyOf(GAP_NCHW, GAP_NCHW.length - 9);
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new OnnxImageEncoder(
        "/models/cut.onnx", corrupt, contract("pixels", "pooled", 4, Layout.NCHW, Reduction.AS_IS), "x", "1", 1));
    assertTrue(bad.getMessage().contains("model /models/cut.onnx"), bad.getMessage());

    try (OnnxImageEncoder enc = gapNchw()) {
      IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
          () -> enc.encode(List.of(new float[5])));
      assertTrue(len.getMessage().contains("takes 48"), len.getMessage());
      assertThrows(IllegalArgumentException.class, () -> enc.preprocess(null));
    }
  }
}
