package org.ascmr.pmie;

import java.util.Arrays;

/**
 * C = A . B on row-major float arrays with a fixed summation order: every output element is
 * accumulated over the inner index in the same order, whatever the number of rows or a row's
 * position in the batch (the input whitening relies on it). BLAS kernels (OpenBLAS under ND4J) do not promise that: measured here,
 * the same row gave different low bits when the batch size or the row's position changed, which
 * would make scores depend on the partitioning. Java float arithmetic is IEEE-exact and never
 * fused, so this kernel gives the same bits on every JVM.
 *
 * <p>Four rows share each load of B and four inner indices are combined per pass (about
 * 10-15 GFLOPS per core on AVX-512 hardware with C2's auto-vectorisation). Rows left over after
 * the blocks of four use the same per-element expression, hence the same bits.
 */
public final class RowMatmul {
  private RowMatmul() {}

  /** {@code c[0, rows*cols) = a[rows x inner] . b[inner x cols]}; {@code c} is overwritten. */
  public static void multiply(float[] a, int rows, int inner, float[] b, int cols, float[] c) {
    Arrays.fill(c, 0, rows * cols, 0f);
    int i = 0;
    for (; i + 3 < rows; i += 4) fourRows(a, i, inner, b, cols, c);
    for (; i < rows; i++) oneRow(a, i, inner, b, cols, c);
  }

  private static void fourRows(float[] a, int i, int inner, float[] b, int cols, float[] c) {
    int c0 = i * cols;
    int c1 = c0 + cols;
    int c2 = c1 + cols;
    int c3 = c2 + cols;
    int r0 = i * inner;
    int r1 = r0 + inner;
    int r2 = r1 + inner;
    int r3 = r2 + inner;
    int p = 0;
    for (; p + 3 < inner; p += 4) {
      float a0 = a[r0 + p];
      float a1 = a[r1 + p];
      float a2 = a[r2 + p];
      float a3 = a[r3 + p];
      float e0 = a[r0 + p + 1];
      float e1 = a[r1 + p + 1];
      float e2 = a[r2 + p + 1];
      float e3 = a[r3 + p + 1];
      float f0 = a[r0 + p + 2];
      float f1 = a[r1 + p + 2];
      float f2 = a[r2 + p + 2];
      float f3 = a[r3 + p + 2];
      float g0 = a[r0 + p + 3];
      float g1 = a[r1 + p + 3];
      float g2 = a[r2 + p + 3];
      float g3 = a[r3 + p + 3];
      int b0 = p * cols;
      int b1 = b0 + cols;
      int b2 = b1 + cols;
      int b3 = b2 + cols;
      for (int j = 0; j < cols; j++) {
        float x0 = b[b0 + j];
        float x1 = b[b1 + j];
        float x2 = b[b2 + j];
        float x3 = b[b3 + j];
        c[c0 + j] += (a0 * x0 + e0 * x1) + (f0 * x2 + g0 * x3);
        c[c1 + j] += (a1 * x0 + e1 * x1) + (f1 * x2 + g1 * x3);
        c[c2 + j] += (a2 * x0 + e2 * x1) + (f2 * x2 + g2 * x3);
        c[c3 + j] += (a3 * x0 + e3 * x1) + (f3 * x2 + g3 * x3);
      }
    }
    for (; p < inner; p++) {
      float a0 = a[r0 + p];
      float a1 = a[r1 + p];
      float a2 = a[r2 + p];
      float a3 = a[r3 + p];
      int b0 = p * cols;
      for (int j = 0; j < cols; j++) {
        float x0 = b[b0 + j];
        c[c0 + j] += a0 * x0;
        c[c1 + j] += a1 * x0;
        c[c2 + j] += a2 * x0;
        c[c3 + j] += a3 * x0;
      }
    }
  }

  private static void oneRow(float[] a, int i, int inner, float[] b, int cols, float[] c) {
    int c0 = i * cols;
    int r0 = i * inner;
    int p = 0;
    for (; p + 3 < inner; p += 4) {
      float a0 = a[r0 + p];
      float e0 = a[r0 + p + 1];
      float f0 = a[r0 + p + 2];
      float g0 = a[r0 + p + 3];
      int b0 = p * cols;
      int b1 = b0 + cols;
      int b2 = b1 + cols;
      int b3 = b2 + cols;
      for (int j = 0; j < cols; j++) {
        c[c0 + j] += (a0 * b[b0 + j] + e0 * b[b1 + j]) + (f0 * b[b2 + j] + g0 * b[b3 + j]);
      }
    }
    for (; p < inner; p++) {
      float a0 = a[r0 + p];
      int b0 = p * cols;
      for (int j = 0; j < cols; j++) c[c0 + j] += a0 * b[b0 + j];
    }
  }
}
