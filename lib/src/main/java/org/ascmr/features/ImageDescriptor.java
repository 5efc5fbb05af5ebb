package org.ascmr.features;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import javax.imageio.ImageIO;

/**
 * A fixed-length, hand-crafted image vector that needs no model: colour histogram, gradient-
 * orientation histograms and a small grey thumbnail, computed on a fixed square canvas. Pure Java
 * (no AWT rendering: the resampling is our own area average), so the same pixels give the same
 * floats on every machine. The layout is documented in README "Image descriptor":
 * <ol>
 *   <li>Read every pixel as non-premultiplied sRGB ARGB and composite it onto white:
 *       {@code c = a/255 * c + (1 - a/255) * 255}.</li>
 *   <li>Letterbox: scale by {@code s = canvas / max(w, h)} to {@code round(w s) x round(h s)}
 *       (each at least 1) with an area-average (box) filter, centre it on a white canvas
 *       (offset {@code floor((canvas - size) / 2)}).</li>
 *   <li>Colour block ({@code bins^3}): histogram of the pixels inside the scaled image (not the
 *       padding), channel bin {@code min(bins - 1, floor(v * bins / 256))}, index
 *       {@code (r * bins + g) * bins + b}.</li>
 *   <li>Gradient block ({@code cells^2 * orientations}): luma {@code Y = (0.299 R + 0.587 G +
 *       0.114 B) / 255} over the whole canvas, central differences {@code gx = Y(x+1) - Y(x-1)},
 *       {@code gy = Y(y+1) - Y(y-1)} with the border replicated, magnitude added to the unsigned
 *       orientation bin {@code min(o - 1, floor(atan2(gy, gx) mod pi * o / pi))} of cell
 *       {@code (floor(y cells / canvas), floor(x cells / canvas))}; index
 *       {@code (cellRow * cells + cellCol) * o + bin}.</li>
 *   <li>Thumbnail block ({@code thumbnail^2}): "ink" {@code 1 - Y} (white background and padding
 *       are 0) area-averaged to {@code thumbnail x thumbnail}, row-major.</li>
 *   <li>Each block is divided by its L2 norm (an all-zero block stays zero), so each block weighs
 *       the same in a cosine.</li>
 * </ol>
 */
public final class ImageDescriptor implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Name and version recorded in pool metadata; bump the version when the layout changes. */
  public static final String NAME = "ascmr-image-v1";

  static {
    // Decoding runs in executors: no temporary cache files in whatever directory they run in.
    ImageIO.setUseCache(false);
  }

  private final int canvas;
  private final int colorBins;
  private final int orientations;
  private final int cells;
  private final int thumbnail;

  public ImageDescriptor(int canvas, int colorBins, int orientations, int cells, int thumbnail) {
    if (canvas < 1 || colorBins < 1 || orientations < 1 || cells < 1 || thumbnail < 1 || cells > canvas
        || thumbnail > canvas) {
      throw new IllegalArgumentException("bad descriptor geometry; ExtractConfig checks these settings");
    }
    this.canvas = canvas;
    this.colorBins = colorBins;
    this.orientations = orientations;
    this.cells = cells;
    this.thumbnail = thumbnail;
  }

  public int colorDim() {
    return colorBins * colorBins * colorBins;
  }

  public int gradientDim() {
    return cells * cells * orientations;
  }

  public int thumbnailDim() {
    return thumbnail * thumbnail;
  }

  public int dim() {
    return colorDim() + gradientDim() + thumbnailDim();
  }

  /** Name, version and geometry, for PoolInfo.imageFeatures. */
  public String spec() {
    return NAME + ": canvas " + canvas + "x" + canvas + " (alpha over white, letterboxed, area average) = ["
        + "rgb histogram " + colorBins + "x" + colorBins + "x" + colorBins + " | gradient orientations "
        + orientations + " x " + cells + "x" + cells + " cells | ink thumbnail " + thumbnail + "x" + thumbnail
        + "], each block L2-normalised, " + dim() + " dims";
  }

  /**
   * Decodes image bytes with javax.imageio. Throws IOException naming why when no reader
   * recognises the bytes or decoding fails (truncated, corrupt); never returns null.
   */
  public static BufferedImage decode(byte[] bytes) throws IOException {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IOException(describeCause(e), e);
    } catch (RuntimeException e) {
      // Some readers throw unchecked exceptions on corrupt data (e.g. "Invalid scanline stride").
      throw new IOException(describeCause(e), e);
    }
    if (img == null) {
      throw new IOException("no javax.imageio reader recognises these " + bytes.length + " bytes");
    }
    if (img.getWidth() < 1 || img.getHeight() < 1) {
      throw new IOException("image has no pixels (" + img.getWidth() + "x" + img.getHeight() + ")");
    }
    return img;
  }

  private static String describeCause(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      b.append(": ").append(c.getClass().getSimpleName());
      if (c.getMessage() != null) b.append(' ').append(c.getMessage());
    }
    return b.toString();
  }

  /** Decodes {@code bytes} and describes the image. */
  public float[] describe(byte[] bytes) throws IOException {
    return describe(decode(bytes));
  }

  /** The descriptor of {@code img} (layout in the class comment). */
  public float[] describe(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int tw = Math.max(1, (int) Math.round(w * (double) canvas / Math.max(w, h)));
    int th = Math.max(1, (int) Math.round(h * (double) canvas / Math.max(w, h)));
    int ox = (canvas - tw) / 2;
    int oy = (canvas - th) / 2;
    double[][] scaled = scaleComposited(img, tw, th);

    float[] out = new float[dim()];
    colorHistogram(scaled, tw * th, out, 0);

    double[] luma = new double[canvas * canvas];
    java.util.Arrays.fill(luma, 1.0);
    for (int y = 0; y < th; y++) {
      for (int x = 0; x < tw; x++) {
        int i = y * tw + x;
        luma[(y + oy) * canvas + x + ox] = (0.299 * scaled[0][i] + 0.587 * scaled[1][i] + 0.114 * scaled[2][i]) / 255.0;
      }
    }
    gradientHistograms(luma, out, colorDim());

    double[] ink = new double[luma.length];
    for (int i = 0; i < ink.length; i++) ink[i] = 1.0 - luma[i];
    double[] thumb = resample(ink, canvas, canvas, thumbnail, thumbnail);
    int base = colorDim() + gradientDim();
    for (int i = 0; i < thumb.length; i++) out[base + i] = (float) thumb[i];

    normalise(out, 0, colorDim());
    normalise(out, colorDim(), gradientDim());
    normalise(out, base, thumbnailDim());
    return out;
  }

  /**
   * R, G, B planes of {@code img} composited onto white and area-averaged to {@code tw x th}.
   * Rows are read and resampled horizontally one at a time, so a large photo needs memory for
   * {@code tw x h} values, not {@code w x h}.
   */
  private static double[][] scaleComposited(BufferedImage img, int tw, int th) {
    int w = img.getWidth();
    int h = img.getHeight();
    double[][] wx = weights(w, tw);
    int[] sx = starts(w, tw);
    double[][] horizontal = new double[3][tw * h];
    int[] argb = new int[w];
    double[][] row = new double[3][w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, argb, 0, w);
      for (int x = 0; x < w; x++) {
        int p = argb[x];
        double a = ((p >>> 24) & 0xff) / 255.0;
        double white = (1 - a) * 255.0;
        row[0][x] = a * ((p >>> 16) & 0xff) + white;
        row[1][x] = a * ((p >>> 8) & 0xff) + white;
        row[2][x] = a * (p & 0xff) + white;
      }
      for (int c = 0; c < 3; c++) {
        for (int x = 0; x < tw; x++) {
          double s = 0;
          for (int k = 0; k < wx[x].length; k++) s += wx[x][k] * row[c][sx[x] + k];
          horizontal[c][y * tw + x] = s;
        }
      }
    }
    double[][] out = new double[3][];
    for (int c = 0; c < 3; c++) out[c] = resample(horizontal[c], tw, h, tw, th);
    return out;
  }

  /**
   * Area-average resampling of a row-major {@code w x h} plane to {@code tw x th}: each target
   * pixel is the mean of the source area it covers (fractional overlaps weighted), separably.
   */
  static double[] resample(double[] src, int w, int h, int tw, int th) {
    double[][] wx = weights(w, tw);
    double[][] wy = weights(h, th);
    int[] sx = starts(w, tw);
    int[] sy = starts(h, th);
    double[] horizontal = new double[tw * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < tw; x++) {
        double s = 0;
        for (int k = 0; k < wx[x].length; k++) s += wx[x][k] * src[y * w + sx[x] + k];
        horizontal[y * tw + x] = s;
      }
    }
    double[] out = new double[tw * th];
    for (int y = 0; y < th; y++) {
      for (int x = 0; x < tw; x++) {
        double s = 0;
        for (int k = 0; k < wy[y].length; k++) s += wy[y][k] * horizontal[(sy[y] + k) * tw + x];
        out[y * tw + x] = s;
      }
    }
    return out;
  }

  /** First source index that target {@code i} of {@code m} overlaps, from {@code n} sources. */
  private static int[] starts(int n, int m) {
    int[] s = new int[m];
    for (int i = 0; i < m; i++) s[i] = (int) Math.floor((double) i * n / m);
    return s;
  }

  /** Overlap weights of target i's interval [i n/m, (i+1) n/m) with sources j, summing to 1. */
  private static double[][] weights(int n, int m) {
    double[][] out = new double[m][];
    double scale = (double) n / m;
    for (int i = 0; i < m; i++) {
      double lo = i * scale;
      double hi = (i + 1) * scale;
      int first = (int) Math.floor(lo);
      int last = Math.min(n - 1, (int) Math.ceil(hi) - 1);
      double[] wts = new double[last - first + 1];
      for (int j = first; j <= last; j++) {
        double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
        wts[j - first] = Math.max(0, overlap) / scale;
      }
      out[i] = wts;
    }
    return out;
  }

  private void colorHistogram(double[][] rgb, int pixels, float[] out, int base) {
    for (int i = 0; i < pixels; i++) {
      int r = bin(rgb[0][i]);
      int g = bin(rgb[1][i]);
      int b = bin(rgb[2][i]);
      out[base + (r * colorBins + g) * colorBins + b] += 1f;
    }
  }

  private int bin(double v) {
    // The tiny offset keeps a value that resampling left at 127.9999999 (for 128) in its bin.
    return Math.max(0, Math.min(colorBins - 1, (int) Math.floor((v + 1e-9) * colorBins / 256.0)));
  }

  private void gradientHistograms(double[] luma, float[] out, int base) {
    double[] hist = new double[gradientDim()];
    for (int y = 0; y < canvas; y++) {
      int up = Math.max(0, y - 1);
      int down = Math.min(canvas - 1, y + 1);
      int cellRow = y * cells / canvas;
      for (int x = 0; x < canvas; x++) {
        int left = Math.max(0, x - 1);
        int right = Math.min(canvas - 1, x + 1);
        double gx = luma[y * canvas + right] - luma[y * canvas + left];
        double gy = luma[down * canvas + x] - luma[up * canvas + x];
        double mag = Math.sqrt(gx * gx + gy * gy);
        if (mag == 0) continue;
        double angle = Math.atan2(gy, gx);
        // Unsigned orientation in [0, pi): a gradient and its opposite share a bin.
        if (angle < 0) angle += Math.PI;
        if (angle >= Math.PI) angle -= Math.PI;
        int o = Math.min(orientations - 1, (int) Math.floor(angle * orientations / Math.PI));
        int cellCol = x * cells / canvas;
        hist[(cellRow * cells + cellCol) * orientations + o] += mag;
      }
    }
    for (int i = 0; i < hist.length; i++) out[base + i] = (float) hist[i];
  }

  private static void normalise(float[] v, int from, int length) {
    double ss = 0;
    for (int i = from; i < from + length; i++) ss += (double) v[i] * v[i];
    if (ss == 0) return;
    double inv = 1.0 / Math.sqrt(ss);
    for (int i = from; i < from + length; i++) v[i] = (float) (v[i] * inv);
  }
}
