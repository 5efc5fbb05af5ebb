package org.ascmr.cca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearCcaTest {

  @Test
  void rejectsBadArguments() {
    Moments m = oneDimensional();
    assertThrows(IllegalArgumentException.class, () -> LinearCca.fit(m, -0.1));
    LinearCca cca = LinearCca.fit(m, 0);
    assertThrows(IllegalArgumentException.class, () -> cca.projectImage(new float[] {1}, 2));
    assertThrows(IllegalArgumentException.class, () -> cca.projectImage(new float[] {1, 2}, 1));
    Moments constant = new CrossMoments(1, 1).add(new float[] {1}, new float[] {1})
        .add(new float[] {1}, new float[] {2}).result();
    assertThrows(IllegalStateException.class, () -> LinearCca.fit(constant, 0));
  }

  /** x = 1, 2, 3, 4 and y = 2, 4, 5, 9 (one dimension each). */
  private static Moments oneDimensional() {
    CrossMoments acc = new CrossMoments(1, 1);
    float[] x = {1, 2, 3, 4};
    float[] y = {2, 4, 5, 9};
    for (int i = 0; i < 4; i++) acc.add(new float[] {x[i]}, new float[] {y[i]});
    return acc.result();
  }

  /**
   * One dimension each: the canonical correlation is |Pearson r|. Deviations x: -1.5, -.5, .5, 1.5
   * (Sxx = 5), y: -3, -1, 0, 4 (Syy = 26), Sxy = 4.5 + .5 + 0 + 6 = 11, r = 11 / sqrt(130).
   * A relative ridge r0 scales each variance by (1 + r0): rho = r / (1 + r0), so r0 = 1 halves it.
   * The image weight is 1/sqrt(var x) = 1/sqrt(5/3): image 4 maps to 1.5 / sqrt(5/3).
   */
  @Test
  void oneDimensionByHand() {
    double r = 11 / Math.sqrt(130);
    LinearCca plain = LinearCca.fit(oneDimensional(), 0);
    assertEquals(1, plain.maxDims());
    assertEquals(r, plain.correlations()[0], 1e-12);
    assertEquals(1.5 / Math.sqrt(5.0 / 3), plain.projectImage(new float[] {4}, 1)[0], 1e-6);
    assertEquals(r / 2, LinearCca.fit(oneDimensional(), 1).correlations()[0], 1e-12);
  }

  /**
   * A shared latent z ~ N(0, 1) in one image and one text coordinate, with noise: x1 = z + 0.5 e,
   * y2 = z + 0.5 e', every other coordinate independent noise, and the image side mixed by a fixed
   * invertible matrix (CCA must undo it). Population: corr(x1, y2) = 1 / 1.25 = 0.8 is the first
   * canonical correlation, the others are 0, and the first image projection correlates with z
   * at 1 / sqrt(1.25) = 0.894.
   */
  @Test
  void findsTheSharedLatent() {
    Random rnd = new Random(11);
    int n = 5000;
    int p = 4;
    int q = 3;
    double[][] mix = {{1, 0.5, 0, 0}, {0.3, 1, 0.2, 0}, {0, -0.4, 1, 0.1}, {0.2, 0, 0, 1}};
    float[][] xs = new float[n][];
    float[][] ys = new float[n][];
    double[] z = new double[n];
    CrossMoments acc = new CrossMoments(p, q);
    for (int i = 0; i < n; i++) {
      z[i] = rnd.nextGaussian();
      double[] raw = {z[i] + 0.5 * rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
      float[] x = new float[p];
      for (int r = 0; r < p; r++) for (int c = 0; c < p; c++) x[r] += (float) (mix[r][c] * raw[c]);
      float[] y = {(float) rnd.nextGaussian(), (float) (z[i] + 0.5 * rnd.nextGaussian()), (float) rnd.nextGaussian()};
      xs[i] = x;
      ys[i] = y;
      acc.add(x, y);
    }
    LinearCca cca = LinearCca.fit(acc.result(), 0);
    double[] rho = cca.correlations();
    assertEquals(3, cca.maxDims());
    assertEquals(0.8, rho[0], 0.02, "first canonical correlation");
    assertTrue(rho[1] < 0.06, "second canonical correlation should be noise, was " + rho[1]);

    double[] u = new double[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = cca.projectImage(xs[i], 1)[0];
      v[i] = cca.projectText(ys[i], 1)[0];
    }
    // Without ridge the projections are whitened on the train pairs (unit variance, zero mean)
    // and their correlation is exactly the first canonical correlation.
    assertEquals(0, mean(u), 1e-5);
    assertEquals(1, variance(u), 1e-5);
    assertEquals(1, variance(v), 1e-5);
    assertEquals(rho[0], correlation(u, v), 1e-5);
    assertEquals(1 / Math.sqrt(1.25), Math.abs(correlation(u, z)), 0.02);
  }

  @Test
  void survivesJavaSerialisation() throws Exception {
    LinearCca cca = LinearCca.fit(oneDimensional(), 0.1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(cca);
    }
    LinearCca back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (LinearCca) in.readObject();
    }
    assertArrayEquals(cca.correlations(), back.correlations());
    assertArrayEquals(cca.projectText(new float[] {3}, 1), back.projectText(new float[] {3}, 1));
  }

  static double mean(double[] a) {
    double s = 0;
    for (double v : a) s += v;
    return s / a.length;
  }

  static double variance(double[] a) {
    double m = mean(a);
    double s = 0;
    for (double v : a) s += (v - m) * (v - m);
    return s / (a.length - 1);
  }

  static double correlation(double[] a, double[] b) {
    double ma = mean(a);
    double mb = mean(b);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
