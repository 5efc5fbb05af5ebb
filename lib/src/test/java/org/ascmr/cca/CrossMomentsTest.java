package org.ascmr.cca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossMomentsTest {
  private static final double EXACT = 1e-12;

  @Test
  void rejectsWrongDimensions() {
    assertThrows(IllegalArgumentException.class, () -> new CrossMoments(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new CrossMoments(2, 1).add(new float[3], new float[1]));
    assertThrows(IllegalArgumentException.class, () -> new CrossMoments(2, 1).merge(new CrossMoments(1, 2)));
    assertThrows(IllegalStateException.class, () -> new CrossMoments(2, 1).add(new float[2], new float[1]).result());
  }

  /**
   * Rows (x1, x2; y): (1, 0; 2), (0, 1; 0), (2, 1; 1). Means x = (1, 2/3), y = 1.
   * x1 deviations 0, -1, 1 -> var 2/2 = 1; x2 deviations -2/3, 1/3, 1/3 -> var (6/9)/2 = 1/3;
   * cov(x1, x2) = (0 - 1/3 + 1/3)/2 = 0; y deviations 1, -1, 0 -> var 1;
   * cov(x1, y) = (0 + 1 + 0)/2 = 1/2; cov(x2, y) = (-2/3 - 1/3 + 0)/2 = -1/2.
   */
  @Test
  void threeRowsByHand() {
    Moments m = new CrossMoments(2, 1)
        .add(new float[] {1, 0}, new float[] {2})
        .add(new float[] {0, 1}, new float[] {0})
        .add(new float[] {2, 1}, new float[] {1})
        .result();
    assertEquals(3, m.n());
    assertArrayEquals(new double[] {1, 2.0 / 3}, m.meanX(), EXACT);
    assertArrayEquals(new double[] {1}, m.meanY(), EXACT);
    assertArrayEquals(new double[] {1, 0}, m.cxx()[0], EXACT);
    assertArrayEquals(new double[] {0, 1.0 / 3}, m.cxx()[1], EXACT);
    assertArrayEquals(new double[] {1}, m.cyy()[0], EXACT);
    assertArrayEquals(new double[] {0.5}, m.cxy()[0], EXACT);
    assertArrayEquals(new double[] {-0.5}, m.cxy()[1], EXACT);
  }

  @Test
  void mergingHalvesEqualsTheWhole() {
    Random rnd = new Random(3);
    CrossMoments whole = new CrossMoments(5, 4);
    CrossMoments first = new CrossMoments(5, 4);
    CrossMoments second = new CrossMoments(5, 4);
    CrossMoments empty = new CrossMoments(5, 4);
    for (int i = 0; i < 200; i++) {
      float[] x = new float[5];
      float[] y = new float[4];
      // Sparse rows, as TF-IDF text is: zeros are skipped by add.
      for (int j = 0; j < 5; j++) x[j] = rnd.nextDouble() < 0.5 ? 0f : (float) rnd.nextGaussian();
      for (int j = 0; j < 4; j++) y[j] = rnd.nextDouble() < 0.7 ? 0f : (float) rnd.nextDouble();
      whole.add(x, y);
      (i < 77 ? first : second).add(x, y);
    }
    Moments a = whole.result();
    Moments b = first.merge(empty).merge(second).result();
    assertEquals(a.n(), b.n());
    for (int i = 0; i < 5; i++) assertArrayEquals(a.cxx()[i], b.cxx()[i], 1e-12);
    for (int i = 0; i < 5; i++) assertArrayEquals(a.cxy()[i], b.cxy()[i], 1e-12);
    for (int i = 0; i < 4; i++) assertArrayEquals(a.cyy()[i], b.cyy()[i], 1e-12);
    assertArrayEquals(a.meanY(), b.meanY(), 1e-12);
  }

  /**
   * Dense rows are added a block at a time: the sums must keep the bits of adding row by row
   * (the CCA space, and so the coverage selection, must not move), with sparse rows, zeros, a
   * partial block, a merge and a serialised partition in between.
   */
  @Test
  void blockedDenseRowsGiveTheBitsOfRowByRowSums() throws Exception {
    int p = 37;
    int q = 29;
    Random r = new Random(7);
    CrossMoments left = new CrossMoments(p, q);
    CrossMoments right = new CrossMoments(p, q);
    Reference ref = new Reference(p + q);
    for (int i = 0; i < 200; i++) {
      float[] x = new float[p];
      float[] y = new float[q];
      boolean sparse = i % 17 == 5;
      for (int j = 0; j < p; j++) x[j] = sparse && j > 2 ? 0f : r.nextInt(9) == 0 ? 0f : (float) r.nextGaussian();
      for (int j = 0; j < q; j++) y[j] = sparse ? 0f : j % 5 == 0 ? -0f : (float) (3 * r.nextGaussian() + 1);
      (i < 120 ? left : right).add(x, y);
      ref.add(x, y);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
      o.writeObject(right); // 80 rows: 2 full blocks, 16 pending
    }
    CrossMoments shipped;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      shipped = (CrossMoments) in.readObject();
    }
    Moments got = left.merge(shipped).result();
    Moments want = ref.result(p);
    assertEquals(want.n(), got.n());
    assertArrayEquals(want.meanX(), got.meanX());
    assertArrayEquals(want.meanY(), got.meanY());
    for (int i = 0; i < p; i++) {
      assertArrayEquals(want.cxx()[i], got.cxx()[i], "cxx row " + i);
      assertArrayEquals(want.cxy()[i], got.cxy()[i], "cxy row " + i);
    }
    for (int i = 0; i < q; i++) assertArrayEquals(want.cyy()[i], got.cyy()[i], "cyy row " + i);
  }

  /** Row-by-row sums over the non-zeros, as CrossMoments added every row before blocks; one merge at row 120. */
  private static final class Reference {
    private final int d;
    private final double[][] sum = new double[2][];
    private final double[][] sumSq = new double[2][];
    private long n;

    Reference(int d) {
      this.d = d;
      for (int h = 0; h < 2; h++) {
        sum[h] = new double[d];
        sumSq[h] = new double[d * d];
      }
    }

    void add(float[] x, float[] y) {
      int h = n < 120 ? 0 : 1;
      double[] z = new double[d];
      for (int i = 0; i < x.length; i++) z[i] = x[i];
      for (int i = 0; i < y.length; i++) z[x.length + i] = y[i];
      for (int a = 0; a < d; a++) {
        if (z[a] == 0) continue;
        sum[h][a] += z[a];
        for (int b = a; b < d; b++) if (z[b] != 0) sumSq[h][a * d + b] += z[a] * z[b];
      }
      n++;
    }

    Moments result(int p) {
      // the merge of the two halves, then the centring of CrossMoments.result()
      double[] s = sum[0].clone();
      double[] ss = sumSq[0].clone();
      for (int i = 0; i < d; i++) s[i] += sum[1][i];
      for (int i = 0; i < d * d; i++) ss[i] += sumSq[1][i];
      double[] mean = new double[d];
      for (int i = 0; i < d; i++) mean[i] = s[i] / n;
      double[][] cxx = new double[p][p];
      double[][] cyy = new double[d - p][d - p];
      double[][] cxy = new double[p][d - p];
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          double c = (ss[i * d + j] - n * mean[i] * mean[j]) / (n - 1);
          if (i < p && j < p) {
            cxx[i][j] = c;
            cxx[j][i] = c;
          } else if (i < p) {
            cxy[i][j - p] = c;
          } else {
            cyy[i - p][j - p] = c;
            cyy[j - p][i - p] = c;
          }
        }
      }
      return new Moments(n, java.util.Arrays.copyOf(mean, p), java.util.Arrays.copyOfRange(mean, p, d), cxx, cyy, cxy);
    }
  }
}
