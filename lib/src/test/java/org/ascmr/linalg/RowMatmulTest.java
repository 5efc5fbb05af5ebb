package org.ascmr.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowMatmulTest {

  @Test
  void twoByTwoHandValues() {
    float[] a = {1, 2, 3, 4};
    float[] b = {5, 6, 7, 8};
    float[] c = new float[4];
    RowMatmul.multiply(a, 2, 2, b, 2, c);
    assertArrayEquals(new float[] {19, 22, 43, 50}, c);
  }

  @Test
  void matchesNaiveProduct() {
    Random r = new Random(1);
    int m = 11;
    int k = 37;
    int n = 13;
    float[] a = random(r, m * k);
    float[] b = random(r, k * n);
    float[] c = new float[m * n];
    RowMatmul.multiply(a, m, k, b, n, c);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) s += (double) a[i * k + p] * b[p * n + j];
        assertEquals(s, c[i * n + j], 1e-4);
      }
    }
  }

  /** The property the scorer relies on: a row's bits do not depend on its batch. */
  @Test
  void aRowGivesTheSameBitsInAnyBatchAtAnyPosition() {
    Random r = new Random(2);
    int k = 130;
    int n = 70;
    float[] b = random(r, k * n);
    float[] row = random(r, k);
    float[] alone = new float[n];
    RowMatmul.multiply(row, 1, k, b, n, alone);
    for (int rows : new int[] {2, 3, 4, 5, 8, 9, 17}) {
      for (int pos = 0; pos < rows; pos++) {
        float[] a = random(r, rows * k);
        System.arraycopy(row, 0, a, pos * k, k);
        float[] c = new float[rows * n];
        RowMatmul.multiply(a, rows, k, b, n, c);
        assertArrayEquals(alone, Arrays.copyOfRange(c, pos * n, (pos + 1) * n), rows + " rows, position " + pos);
      }
    }
  }

  /**
   * Every element is the documented chain of fused multiply-adds in inner-index order, bit for bit (so the bits are the same on
   * every JVM, vectorised or not), also when one instance and one scratch row serve many calls.
   */
  @Test
  void everyElementIsTheFixedOrderFusedChain() {
    Random r = new Random(3);
    int k = 67;
    int n = 45;
    float[] b = random(r, k * n);
    RowMatmul product = new RowMatmul(b, k, n);
    float[] acc = new float[n + 9];
    for (int rows : new int[] {1, 6, 11}) {
      float[] a = random(r, rows * k);
      float[] c = new float[rows * n];
      product.multiply(a, rows, c, acc);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0f;
          for (int p = 0; p < k; p++) s = Math.fma(a[i * k + p], b[p * n + j], s);
          assertEquals(s, c[i * n + j], 0f, "row " + i + ", column " + j);
        }
      }
    }
  }

  /**
   * conf/jvm-options (Surefire's argLine) adds the vector API, so the tests above exercised the
   * vector kernel; here it gives the scalar kernel's bits at every tail: rows short of, at and
   * past a tile (eight or four rows), inner lengths not a multiple of four, columns short of, at, and past a
   * panel's width, with one instance serving several calls.
   */
  @Test
  void vectorKernelGivesTheScalarKernelsBitsAtEveryShape() {
    assertTrue(VectorApi.present(), "the test JVM should have jdk.incubator.vector (conf/jvm-options)");
    Random r = new Random(4);
    int w = VectorMatmul.panelWidth();
    for (int k : new int[] {1, 3, 4, 5, 8, 67}) {
      for (int n : new int[] {1, w - 1, w, w + 1, 2 * w + 5}) {
        RowMatmul product = new RowMatmul(random(r, k * n), k, n);
        for (int rows : new int[] {1, 3, 4, 5, 7, 8, 9, 17}) {
          float[] a = random(r, rows * k);
          float[] vector = new float[rows * n];
          float[] scalar = new float[rows * n];
          product.multiply(a, rows, vector, new float[n]);
          product.multiplyScalar(a, rows, scalar, new float[n]);
          assertArrayEquals(scalar, vector, 0f, rows + " x " + k + " x " + n);
        }
      }
    }
  }

  /**
   * Both tile heights give the scalar kernel's bits, whichever this machine uses: the four-row
   * tile (machines with 256-bit vectors) would otherwise never run in the tests here.
   */
  @Test
  void bothTileHeightsGiveTheScalarKernelsBits() {
    Random r = new Random(5);
    int w = VectorMatmul.panelWidth();
    for (int k : new int[] {1, 5, 67}) {
      for (int n : new int[] {1, w, 2 * w + 5}) {
        float[] b = random(r, k * n);
        float[][] bRows = new float[k][];
        for (int p = 0; p < k; p++) bRows[p] = Arrays.copyOfRange(b, p * n, (p + 1) * n);
        RowMatmul product = new RowMatmul(b, k, n);
        for (int tileRows : new int[] {4, 8}) {
          VectorMatmul vector = new VectorMatmul(bRows, k, n, tileRows);
          for (int rows : new int[] {1, 3, 4, 7, 8, 9, 17}) {
            float[] a = random(r, rows * k);
            float[] got = new float[rows * n];
            float[] want = new float[rows * n];
            vector.multiply(a, rows, got);
            product.multiplyScalar(a, rows, want, new float[n]);
            assertArrayEquals(want, got, 0f, tileRows + "-row tiles, " + rows + " x " + k + " x " + n);
          }
        }
      }
    }
  }

  private static float[] random(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
    return x;
  }
}
