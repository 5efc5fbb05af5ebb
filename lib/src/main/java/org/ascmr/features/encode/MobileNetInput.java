package org.ascmr.features.encode;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * Turns an image into nsfwjs's MobileNetV2 input, in pure Java arithmetic (no AWT rendering, so
 * the result is the same on every JVM):
 * <ol>
 *   <li>RGB in [0, 1] = 8-bit value / 255; transparency composited onto white
 *       (v = c * a + 1 - a, a = alpha / 255), since clip art is drawn on a transparent page
 *       and its transparent pixels often hold black RGB;
 *   <li>resized to size x size by bilinear interpolation with aligned corners (output pixel i
 *       samples source position i * (in - 1) / (size - 1)), the aspect ratio not kept: what
 *       nsfwjs does ({@code tf.image.resizeBilinear(img / 255, [224, 224], true)}), computed in
 *       the same order and precision as TF.js's CPU kernel;
 *   <li>laid out NHWC (row, column, channel), as the Keras model reads it.
 * </ol>
 * Only two source rows are held at a time, so a large image costs no extra copy of itself.
 */
final class MobileNetInput {
  /** Larger images are refused: 50 megapixels (e.g. 7071 x 7071) is beyond any clip art. */
  static final long MAX_PIXELS = 50_000_000L;

  private MobileNetInput() {}

  static float[] toInput(BufferedImage image, int size) {
    if (image == null) {
      throw new IllegalArgumentException("no image (unreadable or unsupported format)");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    if (w < 1 || h < 1) {
      throw new IllegalArgumentException(
          "image is " + w + " x " + h + " pixels: cannot resize to " + size + " x " + size);
    }
    if ((long) w * h > MAX_PIXELS) {
      throw new IllegalArgumentException("image is " + w + " x " + h + " pixels, over the limit of "
          + MAX_PIXELS + " pixels");
    }
    RowReader rows = new RowReader(image);
    // TF.js resizeBilinear, alignCorners=true, halfPixelCenters=false.
    double scaleY = size > 1 ? (double) (h - 1) / (size - 1) : (double) h / size;
    double scaleX = size > 1 ? (double) (w - 1) / (size - 1) : (double) w / size;
    int[] x0 = new int[size];
    int[] x1 = new int[size];
    double[] fx = new double[size];
    for (int x = 0; x < size; x++) {
      double src = scaleX * x;
      x0[x] = (int) Math.floor(src);
      x1[x] = Math.min(w - 1, (int) Math.ceil(src));
      fx[x] = src - x0[x];
    }
    float[] out = new float[size * size * 3];
    for (int y = 0; y < size; y++) {
      double src = scaleY * y;
      int y0 = (int) Math.floor(src);
      int y1 = Math.min(h - 1, (int) Math.ceil(src));
      double fy = src - y0;
      float[] top = rows.row(y0);
      float[] bottom = rows.row(y1);
      for (int x = 0; x < size; x++) {
        for (int ch = 0; ch < 3; ch++) {
          double tl = top[x0[x] * 3 + ch];
          double tr = top[x1[x] * 3 + ch];
          double bl = bottom[x0[x] * 3 + ch];
          double br = bottom[x1[x] * 3 + ch];
          double t = tl + (tr - tl) * fx[x];
          double b = bl + (br - bl) * fx[x];
          out[(y * size + x) * 3 + ch] = (float) (t + (b - t) * fy);
        }
      }
    }
    return out;
  }

  /** Source rows as composited RGB floats in [0, 1], the last two rows cached. */
  private static final class RowReader {
    private final BufferedImage image;
    private final int w;
    /** Gray images are read from the raster: getRGB would apply a linear-to-sRGB gamma curve. */
    private final boolean gray;
    private final int[] argb;
    private int cachedY0 = -1;
    private int cachedY1 = -1;
    private float[] row0;
    private float[] row1;

    RowReader(BufferedImage image) {
      this.image = image;
      this.w = image.getWidth();
      this.gray = image.getColorModel() instanceof ComponentColorModel
          && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
      this.argb = new int[w];
    }

    float[] row(int y) {
      if (y == cachedY1) return row1;
      if (y == cachedY0) return row0;
      float[] r = read(y);
      cachedY0 = cachedY1;
      row0 = row1;
      cachedY1 = y;
      row1 = r;
      return r;
    }

    private float[] read(int y) {
      float[] r = new float[w * 3];
      if (gray) {
        Raster raster = image.getRaster();
        boolean alpha = image.getColorModel().hasAlpha();
        double grayMax = (1 << image.getColorModel().getComponentSize(0)) - 1;
        double alphaMax = alpha ? (1 << image.getColorModel().getComponentSize(1)) - 1 : 1;
        for (int x = 0; x < w; x++) {
          double g = raster.getSample(x, y, 0) / grayMax;
          double a = alpha ? raster.getSample(x, y, 1) / alphaMax : 1;
          float v = (float) (g * a + 1 - a);
          r[x * 3] = v;
          r[x * 3 + 1] = v;
          r[x * 3 + 2] = v;
        }
        return r;
      }
      image.getRGB(0, y, w, 1, argb, 0, w);
      for (int x = 0; x < w; x++) {
        int p = argb[x];
        int a = p >>> 24;
        // (c * a + 255 * (255 - a)) / 255^2: exact for every 8-bit c and a, opaque gives c / 255
        r[x * 3] = composite((p >> 16) & 0xff, a);
        r[x * 3 + 1] = composite((p >> 8) & 0xff, a);
        r[x * 3 + 2] = composite(p & 0xff, a);
      }
      return r;
    }

    private static float composite(int c, int a) {
      return (float) ((c * a + 255 * (255 - a)) / 65025.0);
    }
  }
}
