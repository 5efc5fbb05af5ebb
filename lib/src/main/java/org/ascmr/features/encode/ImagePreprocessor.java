package org.ascmr.features.encode;

import java.awt.image.BufferedImage;

/**
 * Turns a decoded image into the float input an {@link ImageModelContract} describes, in plain
 * arithmetic so the result is the same on every JVM and machine (Java2D's scaling depends on
 * rendering hints and pipelines, which we do not want inside a feature's definition):
 *
 * <ol>
 *   <li>pixels as sRGB through {@link BufferedImage#getRGB}; transparent parts composited on
 *       white (clip art is mostly transparent PNGs, and white is how it is shown);
 *   <li>resized to {@code size x size} without keeping the aspect ratio (no crop: the whole
 *       drawing stays in view) by a separable triangle (linear) filter whose width grows with the
 *       shrink factor, so downscaling averages every source pixel (antialiased, like PIL's
 *       bilinear resize) and upscaling is plain bilinear interpolation;
 *   <li>{@code (value * scale - mean[c]) / std[c]} per channel, laid out NCHW or NHWC.
 * </ol>
 */
final class ImagePreprocessor {

  private final ImageModelContract contract;

  ImagePreprocessor(ImageModelContract contract) {
    this.contract = contract;
  }

  float[] apply(BufferedImage image) {
    if (image == null) {
      throw new IllegalArgumentException("image is missing (not decoded)");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    if (w < 1 || h < 1) {
      throw new IllegalArgumentException("image is " + w + " x " + h + " pixels: cannot resize to "
          + contract.size() + " x " + contract.size());
    }
    float[][] rgb = onWhite(image.getRGB(0, 0, w, h, null, 0, w), w * h);
    int s = contract.size();
    float[] out = new float[contract.inputLength()];
    for (int c = 0; c < ImageModelContract.CHANNELS; c++) {
      float[] resized = resize(rgb[c], w, h, s, s);
      double mean = contract.mean().get(c);
      double std = contract.std().get(c);
      for (int i = 0; i < s * s; i++) {
        float v = (float) ((resized[i] * contract.scale() - mean) / std);
        out[contract.layout() == ImageModelContract.Layout.NCHW ? c * s * s + i : i * 3 + c] = v;
      }
    }
    return out;
  }

  /** Straight-alpha ARGB over white, as three planes of 0..255 floats. */
  private static float[][] onWhite(int[] argb, int n) {
    float[][] planes = new float[3][n];
    for (int i = 0; i < n; i++) {
      int p = argb[i];
      double a = ((p >>> 24) & 0xFF) / 255.0;
      double white = 255.0 * (1 - a);
      planes[0][i] = (float) (((p >>> 16) & 0xFF) * a + white);
      planes[1][i] = (float) (((p >>> 8) & 0xFF) * a + white);
      planes[2][i] = (float) ((p & 0xFF) * a + white);
    }
    return planes;
  }

  /** Separable resize of one plane: rows first, then columns. */
  static float[] resize(float[] src, int w, int h, int outW, int outH) {
    float[] rows = new float[outW * h];
    Filter fx = new Filter(w, outW);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < outW; x++) {
        rows[y * outW + x] = fx.apply(src, y * w, 1, x);
      }
    }
    float[] out = new float[outW * outH];
    Filter fy = new Filter(h, outH);
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        out[y * outW + x] = fy.apply(rows, x, outW, y);
      }
    }
    return out;
  }

  /** Triangle-filter weights from {@code in} samples to {@code out}, precomputed per output index. */
  private static final class Filter {
    private final int[] first;
    private final double[][] weights;

    Filter(int in, int out) {
      double scale = (double) in / out;
      double support = Math.max(scale, 1.0); // half-width of the triangle, in source pixels
      first = new int[out];
      weights = new double[out][];
      for (int o = 0; o < out; o++) {
        double center = (o + 0.5) * scale; // output pixel centre in source coordinates
        int lo = Math.max(0, (int) Math.floor(center - support));
        int hi = Math.min(in, (int) Math.ceil(center + support));
        double[] wt = new double[hi - lo];
        double sum = 0;
        for (int i = lo; i < hi; i++) {
          double d = Math.abs(i + 0.5 - center) / support;
          wt[i - lo] = Math.max(0, 1 - d);
          sum += wt[i - lo];
        }
        if (sum == 0) { // cannot happen for in >= 1, but never divide by zero
          wt = new double[] {1};
          lo = Math.min(in - 1, (int) center);
          sum = 1;
        }
        for (int k = 0; k < wt.length; k++) {
          wt[k] /= sum;
        }
        first[o] = lo;
        weights[o] = wt;
      }
    }

    float apply(float[] data, int offset, int stride, int o) {
      double acc = 0;
      double[] wt = weights[o];
      int base = offset + first[o] * stride;
      for (int k = 0; k < wt.length; k++) {
        acc += wt[k] * data[base + k * stride];
      }
      return (float) acc;
    }
  }
}
