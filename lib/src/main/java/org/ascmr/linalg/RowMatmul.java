package org.ascmr.linalg;

import java.io.Serializable;
import java.util.Arrays;

/**
 * C = A . B on row-major float arrays with a fixed summation order: every output element is
 * accumulated over the inner index in the same order, whatever the number of rows or a row's
 * position in the batch (the scorer and the input whitening rely on it: a pair's scores must not
 * depend on its partitioning). BLAS kernels (OpenBLAS under ND4J) do not promise that: measured
 * here, the same row gave different low bits when the batch size or the row's position changed.
 *
 * <p>Every element is one chain of fused multiply-adds in inner-index order,
 * {@code c = fma(a_p, b_p, c)} for p = 0, 1, ... from c = +0: IEEE 754 defines fma's result (the
 * exact a b + c, rounded once), so the bits are the same on every JVM, vector width and tile.
 * Fused, because a fused multiply-add is one instruction where a multiply then an add are two,
 * and the vector kernel is bound by those instructions: about 1.3x the rate of the earlier
 * unfused order ({@code acc + ((a0 b0 + a1 b1) + (a2 b2 + a3 b3))}) on the AVX-512 development
 * machine, measured in docs/benchmarks.md#scoring. Every x86-64 CPU since 2013 and every
 * ARMv8 CPU has the instruction; on one without it {@link Math#fma} is exact but slow.
 *
 * <p>The scalar loop: B is split into one array per inner index once, so that every access in
 * the loop is {@code array[j]}, which C2 (JDK 17) vectorises along j. When the JVM has the vector
 * API (the incubator module {@code jdk.incubator.vector}, which conf/jvm-options adds to every
 * ascmr JVM), the product runs in {@link VectorMatmul}, register-tiled and several times faster,
 * with the same per-element chain and so the same bits. Without the module (a JVM started without
 * conf/jvm-options) the scalar loop runs instead.
 */
public final class RowMatmul implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final boolean VECTOR_API = VectorApi.present();

  private final int inner;
  private final int cols;
  /** Row p of B, for p in [0, inner). */
  private final float[][] b;
  /**
   * B packed for the vector kernel, built on first use in each JVM (the vector width is the
   * executor's, not the driver's); null without the vector API. A benign race: every thread
   * that builds it builds the same thing.
   */
  private transient volatile VectorMatmul vector;

  /** For {@code b} (inner x cols, row-major), copied. */
  public RowMatmul(float[] b, int inner, int cols) {
    if (b.length < inner * cols) {
      throw new IllegalArgumentException("B has " + b.length + " values, fewer than " + inner + " x " + cols);
    }
    this.inner = inner;
    this.cols = cols;
    this.b = new float[inner][];
    for (int p = 0; p < inner; p++) this.b[p] = Arrays.copyOfRange(b, p * cols, (p + 1) * cols);
  }

  /** {@code c[0, rows*cols) = a[rows x inner] . b[inner x cols]} in one call (B split per call). */
  public static void multiply(float[] a, int rows, int inner, float[] b, int cols, float[] c) {
    new RowMatmul(b, inner, cols).multiply(a, rows, c, new float[cols]);
  }

  public int cols() {
    return cols;
  }

  /**
   * {@code c[0, rows*cols) = a[rows x inner] . B}; {@code c} is overwritten and {@code acc} (at
   * least {@code cols} floats, the caller's, so that one instance serves many threads) is scratch.
   */
  public void multiply(float[] a, int rows, float[] c, float[] acc) {
    if (VECTOR_API) {
      VectorMatmul v = vector;
      if (v == null) vector = v = new VectorMatmul(b, inner, cols);
      v.multiply(a, rows, c);
    } else {
      multiplyScalar(a, rows, c, acc);
    }
  }

  /** The scalar kernel, whatever the JVM has (the tests compare the two kernels bit for bit). */
  void multiplyScalar(float[] a, int rows, float[] c, float[] acc) {
    for (int i = 0; i < rows; i++) {
      row(a, i * inner, acc);
      System.arraycopy(acc, 0, c, i * cols, cols);
    }
  }

  private void row(float[] a, int r, float[] acc) {
    Arrays.fill(acc, 0, cols, 0f);
    for (int p = 0; p < inner; p++) oneTerm(acc, a[r + p], b[p], cols);
  }

  private static void oneTerm(float[] acc, float a0, float[] b0, int cols) {
    for (int j = 0; j < cols; j++) acc[j] = Math.fma(a0, b0[j], acc[j]);
  }
}
