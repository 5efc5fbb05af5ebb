package org.ascmr.linalg;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowMatmul}'s product with the JDK's vector API (the incubator module
 * {@code jdk.incubator.vector}), register-tiled: a tile of rows of A times one panel of B, two
 * vectors wide, kept in accumulators held in registers for the whole inner loop, so that each
 * loaded vector of B serves every row of the tile and no partial sum goes back to memory.
 *
 * <p>Every output element is {@link RowMatmul}'s chain {@code c = fma(a_p, b_p, c)} in
 * inner-index order: lanes are independent and fma is exactly rounded, so the result has the same
 * bits as the scalar kernel, whatever the vector width, the tile or the row's position. A tile has
 * eight rows where vectors are 512 bits wide (AVX-512: 16 accumulators, 2 vectors of B and a
 * broadcast in 32 registers; 16 independent chains keep both fma pipes busy through their
 * latency) and four rows otherwise (AVX2 has 16 registers). On one core of the AVX-512
 * development machine: about 185-240 GFLOP/s at 256 x 256 x 768 and 256 x 256 x 256 (rows x
 * inner x columns), against about 150-175 for the earlier unfused four-row kernel (a throwaway
 * harness, side by side).
 *
 * <p>Rows that do not fill a tile (a batch's last rows) are copied into a zero-padded tile: the
 * padding rows cost a tile's arithmetic, and the real rows get the same chain as in a full tile.
 *
 * <p>B is packed into column panels of {@link #panelWidth()} floats, each stored inner-index by
 * inner-index, so the inner loop reads one contiguous stream: read in place, rows of B a few KB
 * apart fall on the same few cache sets and the kernel ran ten times slower.
 *
 * <p>Only loaded when the module is present ({@link RowMatmul} checks); not thread-confined:
 * immutable after construction.
 */
final class VectorMatmul {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();
  /** Columns per panel: two vectors. */
  private static final int PANEL = 2 * L;
  /** Rows per tile for this machine: eight with 512-bit vectors (32 registers), four otherwise. */
  static final int TILE_ROWS = SPECIES.vectorBitSize() >= 512 ? 8 : 4;

  /** Rows per tile, 8 or 4 ({@link #TILE_ROWS}; the tests take both, whatever the machine). */
  private final int tileRows;
  private final int inner;
  private final int cols;
  private final int panels;
  /** Panel q holds columns [q PANEL, (q + 1) PANEL) of B at q inner PANEL + p PANEL, zero-padded. */
  private final float[] packed;

  VectorMatmul(float[][] bRows, int inner, int cols) {
    this(bRows, inner, cols, TILE_ROWS);
  }

  VectorMatmul(float[][] bRows, int inner, int cols, int tileRows) {
    if (tileRows != 8 && tileRows != 4) throw new IllegalArgumentException("tiles of 8 or 4 rows, not " + tileRows);
    this.tileRows = tileRows;
    this.inner = inner;
    this.cols = cols;
    this.panels = (cols + PANEL - 1) / PANEL;
    this.packed = new float[panels * inner * PANEL];
    for (int q = 0; q < panels; q++) {
      int j0 = q * PANEL;
      int width = Math.min(PANEL, cols - j0);
      for (int p = 0; p < inner; p++) System.arraycopy(bRows[p], j0, packed, (q * inner + p) * PANEL, width);
    }
  }

  static int panelWidth() {
    return PANEL;
  }

  /** {@code c[0, rows*cols) = a[rows x inner] . B}. */
  void multiply(float[] a, int rows, float[] c) {
    int full = rows - rows % tileRows;
    float[] tile = new float[tileRows * PANEL];
    // the last rows, zero-padded to a tile
    float[] last = full == rows ? null : Arrays.copyOfRange(a, full * inner, (full + tileRows) * inner);
    if (last != null) Arrays.fill(last, (rows - full) * inner, last.length, 0f);
    for (int q = 0; q < panels; q++) {
      int j0 = q * PANEL;
      int width = Math.min(PANEL, cols - j0);
      int base = q * inner * PANEL;
      for (int i = 0; i < full; i += tileRows) {
        if (width == PANEL) {
          tile(a, i * inner, base, c, i * cols + j0, cols);
        } else {
          tile(a, i * inner, base, tile, 0, PANEL);
          for (int r = 0; r < tileRows; r++) System.arraycopy(tile, r * PANEL, c, (i + r) * cols + j0, width);
        }
      }
      if (last != null) {
        tile(last, 0, base, tile, 0, PANEL);
        for (int r = 0; r < rows - full; r++) System.arraycopy(tile, r * PANEL, c, (full + r) * cols + j0, width);
      }
    }
  }

  private void tile(float[] a, int r0, int base, float[] out, int o, int stride) {
    if (tileRows == 8) {
      rows8(a, r0, base, out, o, stride);
    } else {
      rows4(a, r0, base, out, o, stride);
    }
  }

  // The tiles are written out, one statement per row: as calls to a helper, C2 stopped inlining
  // them (NodeCountInliningCutoff) and boxed every vector passed, ten times slower.

  /** Rows starting at a[r0], a[r0 + inner], ... (8 of them) times the panel at {@code base}, into out rows {@code stride} apart. */
  private void rows8(float[] a, int r0, int base, float[] out, int o, int stride) {
    int a0 = r0;
    int a1 = r0 + inner;
    int a2 = r0 + 2 * inner;
    int a3 = r0 + 3 * inner;
    int a4 = r0 + 4 * inner;
    int a5 = r0 + 5 * inner;
    int a6 = r0 + 6 * inner;
    int a7 = r0 + 7 * inner;
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    FloatVector c60 = c00;
    FloatVector c61 = c00;
    FloatVector c70 = c00;
    FloatVector c71 = c00;
    for (int p = 0; p < inner; p++) {
      int k = base + p * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, packed, k);
      FloatVector b1 = FloatVector.fromArray(SPECIES, packed, k + L);
      FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + p]);
      c00 = b0.fma(x0, c00);
      c01 = b1.fma(x0, c01);
      FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + p]);
      c10 = b0.fma(x1, c10);
      c11 = b1.fma(x1, c11);
      FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + p]);
      c20 = b0.fma(x2, c20);
      c21 = b1.fma(x2, c21);
      FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + p]);
      c30 = b0.fma(x3, c30);
      c31 = b1.fma(x3, c31);
      FloatVector x4 = FloatVector.broadcast(SPECIES, a[a4 + p]);
      c40 = b0.fma(x4, c40);
      c41 = b1.fma(x4, c41);
      FloatVector x5 = FloatVector.broadcast(SPECIES, a[a5 + p]);
      c50 = b0.fma(x5, c50);
      c51 = b1.fma(x5, c51);
      FloatVector x6 = FloatVector.broadcast(SPECIES, a[a6 + p]);
      c60 = b0.fma(x6, c60);
      c61 = b1.fma(x6, c61);
      FloatVector x7 = FloatVector.broadcast(SPECIES, a[a7 + p]);
      c70 = b0.fma(x7, c70);
      c71 = b1.fma(x7, c71);
    }
    c00.intoArray(out, o);
    c01.intoArray(out, o + L);
    c10.intoArray(out, o + stride);
    c11.intoArray(out, o + stride + L);
    c20.intoArray(out, o + 2 * stride);
    c21.intoArray(out, o + 2 * stride + L);
    c30.intoArray(out, o + 3 * stride);
    c31.intoArray(out, o + 3 * stride + L);
    c40.intoArray(out, o + 4 * stride);
    c41.intoArray(out, o + 4 * stride + L);
    c50.intoArray(out, o + 5 * stride);
    c51.intoArray(out, o + 5 * stride + L);
    c60.intoArray(out, o + 6 * stride);
    c61.intoArray(out, o + 6 * stride + L);
    c70.intoArray(out, o + 7 * stride);
    c71.intoArray(out, o + 7 * stride + L);
  }

  /** Rows starting at a[r0], a[r0 + inner], ... (4 of them) times the panel at {@code base}, into out rows {@code stride} apart. */
  private void rows4(float[] a, int r0, int base, float[] out, int o, int stride) {
    int a0 = r0;
    int a1 = r0 + inner;
    int a2 = r0 + 2 * inner;
    int a3 = r0 + 3 * inner;
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    for (int p = 0; p < inner; p++) {
      int k = base + p * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, packed, k);
      FloatVector b1 = FloatVector.fromArray(SPECIES, packed, k + L);
      FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + p]);
      c00 = b0.fma(x0, c00);
      c01 = b1.fma(x0, c01);
      FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + p]);
      c10 = b0.fma(x1, c10);
      c11 = b1.fma(x1, c11);
      FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + p]);
      c20 = b0.fma(x2, c20);
      c21 = b1.fma(x2, c21);
      FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + p]);
      c30 = b0.fma(x3, c30);
      c31 = b1.fma(x3, c31);
    }
    c00.intoArray(out, o);
    c01.intoArray(out, o + L);
    c10.intoArray(out, o + stride);
    c11.intoArray(out, o + stride + L);
    c20.intoArray(out, o + 2 * stride);
    c21.intoArray(out, o + 2 * stride + L);
    c30.intoArray(out, o + 3 * stride);
    c31.intoArray(out, o + 3 * stride + L);
  }
}
