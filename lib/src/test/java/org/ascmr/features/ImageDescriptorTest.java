package org.ascmr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ascmr.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * Defaults: canvas 64, 4 colour bins, 8 orientations, 4x4 cells, 8x8 thumbnail. Block offsets:
 * colour [0, 64), gradient [64, 192), thumbnail [192, 256).
 */
class ImageDescriptorTest {
  private static final float EPS = 1e-6f;
  private final ImageDescriptor d = ExtractConfig.defaults().imageDescriptor();

  private static BufferedImage image(int w, int h, int... argb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, argb[y * w + x]);
    return img;
  }

  private static float[] block(float[] v, int from, int to) {
    return Arrays.copyOfRange(v, from, to);
  }

  private static float[] expect(int length, float value, int... indices) {
    float[] e = new float[length];
    for (int i : indices) e[i] = value;
    return e;
  }

  @Test
  void defaultsGive256Dims() {
    assertEquals(64, d.colorDim());
    assertEquals(128, d.gradientDim());
    assertEquals(64, d.thumbnailDim());
    assertEquals(256, d.dim());
    assertTrue(d.spec().startsWith(ImageDescriptor.NAME + ": canvas 64x64"), d.spec());
  }

  @Test
  void rejectsBadGeometry() {
    assertThrows(IllegalArgumentException.class, () -> new ImageDescriptor(8, 4, 8, 16, 4));
    assertThrows(IllegalArgumentException.class, () -> new ImageDescriptor(8, 0, 8, 2, 4));
  }

  @Test
  void onePixelRedFillsTheCanvas() {
    float[] v = d.describe(image(1, 1, 0xffff0000));
    // Red (255, 0, 0): bins (3, 0, 0) -> index (3 * 4 + 0) * 4 + 0 = 48; all 4096 pixels there.
    assertArrayEquals(expect(64, 1f, 48), block(v, 0, 64), EPS);
    // Flat: no gradient anywhere.
    assertArrayEquals(new float[128], block(v, 64, 192), EPS);
    // Ink 1 - 0.299 everywhere: 64 equal values, each 1/sqrt(64) after L2.
    float[] thumb = new float[64];
    Arrays.fill(thumb, 0.125f);
    assertArrayEquals(thumb, block(v, 192, 256), EPS);
  }

  @Test
  void transparentPixelIsWhite() {
    float[] v = d.describe(image(1, 1, 0x00123456));
    assertArrayEquals(expect(64, 1f, 63), block(v, 0, 64), EPS);
    assertArrayEquals(new float[128], block(v, 64, 192), EPS);
    // White has no ink: the thumbnail block is all zero and stays zero (not NaN).
    assertArrayEquals(new float[64], block(v, 192, 256), EPS);
  }

  @Test
  void halfTransparentBlackCompositesToGrey() {
    // a = 128/255: c = 0 * a + (1 - a) * 255 = 127 in every channel -> bin 1 -> (1*4+1)*4+1 = 21.
    float[] v = d.describe(image(1, 1, 0x80000000));
    assertArrayEquals(expect(64, 1f, 21), block(v, 0, 64), EPS);
  }

  @Test
  void verticalEdgeGoesToOrientationZero() {
    // 2x2: left column black, right column white -> canvas x < 32 black, x >= 32 white.
    float[] v = d.describe(image(2, 2, 0xff000000, 0xffffffff, 0xff000000, 0xffffffff));
    // Colour: 2048 black (bin 0), 2048 white (bin 63) -> 1/sqrt(2) each.
    float h = (float) (1 / Math.sqrt(2));
    assertArrayEquals(expect(64, h, 0, 63), block(v, 0, 64), EPS);
    // Gradient: gx = 1 at x = 31 (cell column 1) and x = 32 (cell column 2), gy = 0, angle 0 ->
    // bin 0; 16 pixels per cell and cell row -> 8 equal cells, 1/sqrt(8) each after L2.
    float g = (float) (1 / Math.sqrt(8));
    int[] cells = new int[8];
    for (int row = 0; row < 4; row++) {
      cells[2 * row] = (row * 4 + 1) * 8;
      cells[2 * row + 1] = (row * 4 + 2) * 8;
    }
    assertArrayEquals(expect(128, g, cells), block(v, 64, 192), EPS);
    // Thumbnail: ink 1 in columns 0..3 of every row: 32 ones -> 1/sqrt(32).
    int[] inked = new int[32];
    for (int i = 0, k = 0; i < 64; i++) if (i % 8 < 4) inked[k++] = i;
    assertArrayEquals(expect(64, (float) (1 / Math.sqrt(32)), inked), block(v, 192, 256), EPS);
  }

  @Test
  void horizontalEdgeGoesToOrientationFour() {
    // 2x2: top row black, bottom white: gy = 1 at y = 31, 32; angle pi/2 -> bin floor(0.5 * 8) = 4.
    float[] v = d.describe(image(2, 2, 0xff000000, 0xff000000, 0xffffffff, 0xffffffff));
    int[] cells = new int[8];
    for (int col = 0; col < 4; col++) {
      cells[2 * col] = (1 * 4 + col) * 8 + 4;
      cells[2 * col + 1] = (2 * 4 + col) * 8 + 4;
    }
    assertArrayEquals(expect(128, (float) (1 / Math.sqrt(8)), cells), block(v, 64, 192), EPS);
  }

  @Test
  void wideImageIsLetterboxed() {
    // 2x1 red: scaled to 64x32 at rows 16..47. Colour counts only the image region (all red).
    float[] v = d.describe(image(2, 1, 0xffff0000, 0xffff0000));
    assertArrayEquals(expect(64, 1f, 48), block(v, 0, 64), EPS);
    // Luma steps between red (0.299) and white padding at y = 15/16 and 47/48: |gy| = 0.701,
    // vertical -> bin 4, one row in each of the 4 cell rows, 16 px per cell -> 16 equal cells.
    int[] cells = new int[16];
    for (int c = 0; c < 16; c++) cells[c] = c * 8 + 4;
    assertArrayEquals(expect(128, 0.25f, cells), block(v, 64, 192), EPS);
    // Thumbnail: ink only in thumbnail rows 2..5: 32 equal values.
    int[] inked = new int[32];
    for (int i = 0; i < 32; i++) inked[i] = 16 + i;
    assertArrayEquals(expect(64, (float) (1 / Math.sqrt(32)), inked), block(v, 192, 256), EPS);
  }

  @Test
  void areaAverageKeepsMeanAndSplitsPixels() {
    // 3 -> 2 pixels: target 0 covers [0, 1.5): (1 * a + 0.5 * b) / 1.5.
    double[] out = ImageDescriptor.resample(new double[] {3, 6, 9}, 3, 1, 2, 1);
    assertArrayEquals(new double[] {4, 8}, out, 1e-12);
  }

  @Test
  void realImageIsDeterministicAndBlocksAreUnitNorm() throws IOException {
    Path png = TestData.openClipArt().resolve("images/animals/2_dead_frogs_lumen_desig_01.png");
    byte[] bytes = Files.readAllBytes(png);
    float[] a = d.describe(bytes);
    float[] b = d.describe(bytes);
    assertArrayEquals(a, b, 0f);
    assertEquals(256, a.length);
    for (int[] range : new int[][] {{0, 64}, {64, 192}, {192, 256}}) {
      double ss = 0;
      for (int i = range[0]; i < range[1]; i++) ss += a[i] * a[i];
      assertEquals(1.0, ss, 1e-5, "block " + Arrays.toString(range));
    }
  }

  @Test
  void truncatedPngIsUndecodable() throws IOException {
    byte[] bytes = Files.readAllBytes(TestData.openClipArt().resolve("images/animals/2_dead_frogs_lumen_desig_01.png"));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    assertThrows(IOException.class, () -> ImageDescriptor.decode(truncated));
    IOException e = assertThrows(IOException.class, () -> ImageDescriptor.decode("not an image".getBytes()));
    assertTrue(e.getMessage().contains("no javax.imageio reader"), e.getMessage());
  }
}
