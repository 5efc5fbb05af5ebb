package org.ascmr.features.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ascmr.model.Nd4jThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MobileNetV2Encoder against TF.js running nsfwjs's own model on the same inputs
 * (mobilenet-v2-reference.json, made by deploy/models/mobilenet-v2/reference.js).
 */
class MobileNetV2EncoderTest {
  static final String WEIGHTS_SHA256 =
      "8e7dddbb16acacc1bf1601b1b8a761e730ff934b7f2d7771312b2f000e5f5f13";
  /**
   * Bound on |Java - TF.js| of a pooled activation, relative to the largest pooled activation of
   * that layer and image (pooled values reach 2.2 to 4.7). Measured over the 3 images x 5 layers:
   * max abs error 1.5e-5 (block_16_project_BN; 4.1e-6 relative; the last digits move with the
   * ND4J thread count, 1.3e-5 with 2 threads), out_relu 8.1e-6,
   * block_10_project_BN 5.0e-6: float32 rounding, folded BatchNormalization and a different
   * summation order. A wrong layout, padding or weight gives errors of order 0.1 to 1.
   */
  static final double REL_TOL = 1e-4;

  static JsonNode reference;
  static List<float[]> inputs;
  static MobileNetV2Encoder outRelu;
  static MobileNetV2Encoder block10;
  /** encode(all three inputs) per encoder. */
  static Map<MobileNetV2Encoder, float[][]> encoded;

  @BeforeAll
  static void load() throws IOException {
    // One ND4J thread: this test's machine may be a busy 2-core box, where OpenMP threads spin.
    Nd4jThreads.limit(1);
    try (InputStream in = MobileNetV2EncoderTest.class.getResourceAsStream("mobilenet-v2-reference.json")) {
      reference = new ObjectMapper().readTree(in);
    }
    inputs = new ArrayList<>();
    for (JsonNode img : reference.path("images")) {
      inputs.add(MobileNetV2FixtureInputs.input(img.path("path").asText()));
    }
    outRelu = MobileNetV2Encoder.load("out_relu");
    block10 = MobileNetV2Encoder.load("block_10_project_BN");
    encoded = Map.of(outRelu, outRelu.encode(inputs), block10, block10.encode(inputs));
  }

  @AfterAll
  static void close() {
    outRelu.close();
    block10.close();
  }

  /** The fixture was made from exactly the inputs Java computes now. */
  @Test
  void preprocessingIsTheFixturesInput() throws Exception {
    for (int i = 0; i < inputs.size(); i++) {
      JsonNode img = reference.path("images").get(i);
      ByteBuffer b = ByteBuffer.allocate(inputs.get(i).length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : inputs.get(i)) b.putFloat(v);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
      assertEquals(img.path("inputSha256").asText(), sha, img.path("path").asText());
      // TF.js's own resize of the same image agreed exactly when the fixture was made
      assertEquals(0.0, img.path("tfjsResizeMaxAbsDiff").asDouble(), img.path("path").asText());
    }
  }

  /** Every supported layer, pooled, in one multi-output graph, against TF.js. */
  @Test
  void pooledActivationsMatchTfjs() {
    List<String> layers = MobileNetV2Encoder.supportedLayers();
    SameDiff sd = MobileNetV2Graph.build(TfjsLayersModel.readResource(MobileNetV2Encoder.RESOURCES), layers);
    float[] batch = new float[inputs.size() * inputs.get(0).length];
    for (int i = 0; i < inputs.size(); i++) {
      System.arraycopy(inputs.get(i), 0, batch, i * inputs.get(i).length, inputs.get(i).length);
    }
    var out = sd.output(Map.of(MobileNetV2Graph.INPUT,
        Nd4j.create(batch, new long[] {inputs.size(), 224, 224, 3}, 'c')),
        layers.stream().map(l -> l + MobileNetV2Graph.GAP).toArray(String[]::new));
    for (String layer : layers) {
      float[][] got = out.get(layer + MobileNetV2Graph.GAP).toFloatMatrix();
      for (int i = 0; i < inputs.size(); i++) {
        float[] want = floats(reference.path("images").get(i).path("pooled").path(layer));
        assertEquals(MobileNetV2Encoder.LAYERS.get(layer), want.length, layer);
        assertEquals(want.length, got[i].length, layer);
        double scale = 0;
        double err = 0;
        for (int j = 0; j < want.length; j++) {
          scale = Math.max(scale, Math.abs(want[j]));
          err = Math.max(err, Math.abs(want[j] - got[i][j]));
        }
        System.out.printf("%-22s image %d  max |pooled| %.4f  max abs err %.3g  rel %.3g%n",
            layer, i, scale, err, err / scale);
        assertTrue(err <= REL_TOL * scale, layer + " image " + i + ": max abs error " + err
            + " over " + REL_TOL + " x " + scale);
      }
    }
  }

  @Test
  void encoderVectorsAreTheNormalisedReference() {
    for (MobileNetV2Encoder enc : List.of(outRelu, block10)) {
      String layer = enc.info().layer().substring(0, enc.info().layer().indexOf('/'));
      float[][] got = encoded.get(enc);
      for (int i = 0; i < inputs.size(); i++) {
        float[] want = floats(reference.path("images").get(i).path("pooled").path(layer));
        double norm = 0;
        for (float v : want) norm += (double) v * v;
        norm = Math.sqrt(norm);
        assertEquals(enc.info().dim(), got[i].length);
        double gotNorm = 0;
        for (int j = 0; j < want.length; j++) {
          gotNorm += (double) got[i][j] * got[i][j];
          assertEquals(want[j] / norm, got[i][j], 1e-5, layer + " [" + j + "]");
        }
        assertEquals(1.0, Math.sqrt(gotNorm), 1e-5);
      }
    }
  }

  @Test
  void batchOfOneEqualsBatchOfThree() {
    for (MobileNetV2Encoder enc : List.of(outRelu, block10)) {
      float[][] three = encoded.get(enc);
      for (int i = 0; i < inputs.size(); i++) {
        float[][] one = enc.encode(List.of(inputs.get(i)));
        assertArrayEquals(three[i], one[0], enc.info().layer() + " image " + i);
      }
    }
  }

  @Test
  void concurrentCallsGiveTheSameVectors() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> outRelu.encode(List.of(inputs.get(0), inputs.get(1))));
      var b = pool.submit(() -> outRelu.encode(List.of(inputs.get(1), inputs.get(0))));
      assertArrayEquals(encoded.get(outRelu)[0], a.get()[0]);
      assertArrayEquals(encoded.get(outRelu)[1], a.get()[1]);
      assertArrayEquals(encoded.get(outRelu)[1], b.get()[0]);
      assertArrayEquals(encoded.get(outRelu)[0], b.get()[1]);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void info() {
    EncoderInfo info = outRelu.info();
    assertEquals("mobilenet-v2", info.name());
    assertEquals("nsfwjs-4.4.0", info.version());
    assertEquals(WEIGHTS_SHA256, info.weightsSha256());
    assertEquals("out_relu/gap/l2", info.layer());
    assertEquals(1280, info.dim());
    assertEquals(96, block10.info().dim());
    assertEquals(224 * 224 * 3, outRelu.inputLength());
    assertEquals(List.of("out_relu", "block_16_project_BN", "block_13_expand_relu",
        "block_12_add", "block_10_project_BN"), MobileNetV2Encoder.supportedLayers());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MobileNetV2Encoder.load("Conv1"));
    assertTrue(e.getMessage().contains("out_relu"), e.getMessage());
  }

  @Test
  void badImagesAreRejectedWithAReason() throws IOException {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> outRelu.preprocess(ImageIO.read(new ByteArrayInputStream(new byte[] {1, 2, 3}))));
    assertTrue(none.getMessage().contains("unreadable"), none.getMessage());
    BufferedImage empty = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB) {
      @Override
      public int getWidth() {
        return 0;
      }
    };
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> outRelu.preprocess(empty));
    assertTrue(zero.getMessage().contains("0 x 1 pixels"), zero.getMessage());
    BufferedImage huge = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB) {
      @Override
      public int getWidth() {
        return 100_000;
      }

      @Override
      public int getHeight() {
        return 100_000;
      }
    };
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> outRelu.preprocess(huge));
    assertTrue(big.getMessage().contains("over the limit"), big.getMessage());
    assertThrows(IllegalArgumentException.class, () -> outRelu.encode(List.of(new float[3])));
  }

  /** A fully transparent image is white; a 1 x 1 image is its one colour everywhere. */
  @Test
  void transparencyIsCompositedOntoWhite() {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0x00000000);
    float[] x = outRelu.preprocess(img);
    for (float v : x) assertEquals(1f, v);
    img.setRGB(0, 0, 0x80ff0000); // half-transparent red: (1, 127/255 + ..., ...)
    x = outRelu.preprocess(img);
    assertEquals(1f, x[0]);
    assertEquals((float) (127 / 255.0), x[1], 1e-6);
    assertEquals(x[1], x[2]);
  }

  static float[] floats(JsonNode array) {
    float[] f = new float[array.size()];
    for (int i = 0; i < f.length; i++) f[i] = (float) array.get(i).asDouble();
    return f;
  }
}
