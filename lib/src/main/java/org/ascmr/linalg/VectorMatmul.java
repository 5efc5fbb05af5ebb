package org.ascmr.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowMatmul}'s product with the JDK's vector API (the incubator module
 * {@code jdk.incubator.vector}), register-tiled: four rows of A times one panel of B, two vectors
 * wide, kept in eight accumulators for the whole inner loop, so that each loaded vector of B
 * serves four rows and no partial sum goes back to memory. The scalar kernel loads and stores
 * its accumulator row on every pass and is bound by that traffic: at 64 x 256 x 768 on one core of
 * the AVX-512 development machine, about 45 GFLOP/s against about 140 for this kernel.
 *
 * <p>Every output element is still {@code acc + ((a0 b0 + a1 b1) + (a2 b2 + a3 b3))} over the
 * inner index in fours, then {@code acc + a b} for the last {@code inner mod 4}: lanes are
 * independent, multiply and add are separate IEEE operations (never fused), so the result has
 * the same bits as the scalar kernel, whatever the vector width, the tile or the row's position.
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
  /** Rows per tile. */
  private static final int TILE_ROWS = 4;

  private final int inner;
  private final int cols;
  private final int panels;
  /** Panel q holds columns [q PANEL, (q + 1) PANEL) of B at q inner PANEL + p PANEL, zero-padded. */
  private final float[] packed;

  VectorMatmul(float[][] bRows, int inner, int cols) {
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

  /** The species' lanes (16 with AVX-512, 8 with AVX2), for the log line and the tests. */
  static int lanes() {
    return L;
  }

  static int panelWidth() {
    return PANEL;
  }

  /** {@code c[0, rows*cols) = a[rows x inner] . B}. */
  void multiply(float[] a, int rows, float[] c) {
    float[] tile = new float[TILE_ROWS * PANEL];
    for (int q = 0; q < panels; q++) {
      int j0 = q * PANEL;
      int width = Math.min(PANEL, cols - j0);
      int base = q * inner * PANEL;
      int i = 0;
      for (; i + TILE_ROWS <= rows; i += TILE_ROWS) {
        if (width == PANEL) {
          fourRows(a, i * inner, base, c, i * cols + j0, cols);
        } else {
          fourRows(a, i * inner, base, tile, 0, PANEL);
          for (int r = 0; r < TILE_ROWS; r++) System.arraycopy(tile, r * PANEL, c, (i + r) * cols + j0, width);
        }
      }
      for (; i < rows; i++) {
        if (width == PANEL) {
          oneRow(a, i * inner, base, c, i * cols + j0);
        } else {
          oneRow(a, i * inner, base, tile, 0);
          System.arraycopy(tile, 0, c, i * cols + j0, width);
        }
      }
    }
  }

  /** Rows starting at a[r0], a[r0 + inner], ... times the panel at {@code base}, into out rows {@code stride} apart. */
  private void fourRows(float[] a, int r0, int base, float[] out, int o, int stride) {
    int r1 = r0 + inner;
    int r2 = r1 + inner;
    int r3 = r2 + inner;
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    int p = 0;
    for (; p + 3 < inner; p += 4) {
      int k = base + p * PANEL;
      FloatVector b00 = FloatVector.fromArray(SPECIES, packed, k);
      FloatVector b01 = FloatVector.fromArray(SPECIES, packed, k + L);
      FloatVector b10 = FloatVector.fromArray(SPECIES, packed, k + PANEL);
      FloatVector b11 = FloatVector.fromArray(SPECIES, packed, k + PANEL + L);
      FloatVector b20 = FloatVector.fromArray(SPECIES, packed, k + 2 * PANEL);
      FloatVector b21 = FloatVector.fromArray(SPECIES, packed, k + 2 * PANEL + L);
      FloatVector b30 = FloatVector.fromArray(SPECIES, packed, k + 3 * PANEL);
      FloatVector b31 = FloatVector.fromArray(SPECIES, packed, k + 3 * PANEL + L);
      // Written out: as calls to a helper, C2 stopped inlining them in this method (NodeCountInliningCutoff)
      // and boxes every vector passed, ten times slower.
      float x0 = a[r0 + p];
      float x1 = a[r0 + p + 1];
      float x2 = a[r0 + p + 2];
      float x3 = a[r0 + p + 3];
      c00 = c00.add(b00.mul(x0).add(b10.mul(x1)).add(b20.mul(x2).add(b30.mul(x3))));
      c01 = c01.add(b01.mul(x0).add(b11.mul(x1)).add(b21.mul(x2).add(b31.mul(x3))));
      x0 = a[r1 + p];
      x1 = a[r1 + p + 1];
      x2 = a[r1 + p + 2];
      x3 = a[r1 + p + 3];
      c10 = c10.add(b00.mul(x0).add(b10.mul(x1)).add(b20.mul(x2).add(b30.mul(x3))));
      c11 = c11.add(b01.mul(x0).add(b11.mul(x1)).add(b21.mul(x2).add(b31.mul(x3))));
      x0 = a[r2 + p];
      x1 = a[r2 + p + 1];
      x2 = a[r2 + p + 2];
      x3 = a[r2 + p + 3];
      c20 = c20.add(b00.mul(x0).add(b10.mul(x1)).add(b20.mul(x2).add(b30.mul(x3))));
      c21 = c21.add(b01.mul(x0).add(b11.mul(x1)).add(b21.mul(x2).add(b31.mul(x3))));
      x0 = a[r3 + p];
      x1 = a[r3 + p + 1];
      x2 = a[r3 + p + 2];
      x3 = a[r3 + p + 3];
      c30 = c30.add(b00.mul(x0).add(b10.mul(x1)).add(b20.mul(x2).add(b30.mul(x3))));
      c31 = c31.add(b01.mul(x0).add(b11.mul(x1)).add(b21.mul(x2).add(b31.mul(x3))));
    }
    for (; p < inner; p++) {
      int k = base + p * PANEL;
      FloatVector b0 = FloatVector.fromArray(SPECIES, packed, k);
      FloatVector b1 = FloatVector.fromArray(SPECIES, packed, k + L);
      c00 = c00.add(b0.mul(a[r0 + p]));
      c01 = c01.add(b1.mul(a[r0 + p]));
      c10 = c10.add(b0.mul(a[r1 + p]));
      c11 = c11.add(b1.mul(a[r1 + p]));
      c20 = c20.add(b0.mul(a[r2 + p]));
      c21 = c21.add(b1.mul(a[r2 + p]));
      c30 = c30.add(b0.mul(a[r3 + p]));
      c31 = c31.add(b1.mul(a[r3 + p]));
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

  /**
   * One row (the rows left over after the four-row tiles); the expression written out as in
   * fourRows. Both vectors of the panel in one loop: two independent sums, where one vector at a
   * time waits on its own adds (measured: about 55-60 GFLOP/s against 31-35 for a single row).
   */
  private void oneRow(float[] a, int r0, int base, float[] out, int o) {
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    int p = 0;
    for (; p + 3 < inner; p += 4) {
      int k = base + p * PANEL;
      float x0 = a[r0 + p];
      float x1 = a[r0 + p + 1];
      float x2 = a[r0 + p + 2];
      float x3 = a[r0 + p + 3];
      c0 = c0.add(FloatVector.fromArray(SPECIES, packed, k).mul(x0)
          .add(FloatVector.fromArray(SPECIES, packed, k + PANEL).mul(x1))
          .add(FloatVector.fromArray(SPECIES, packed, k + 2 * PANEL).mul(x2)
              .add(FloatVector.fromArray(SPECIES, packed, k + 3 * PANEL).mul(x3))));
      c1 = c1.add(FloatVector.fromArray(SPECIES, packed, k + L).mul(x0)
          .add(FloatVector.fromArray(SPECIES, packed, k + PANEL + L).mul(x1))
          .add(FloatVector.fromArray(SPECIES, packed, k + 2 * PANEL + L).mul(x2)
              .add(FloatVector.fromArray(SPECIES, packed, k + 3 * PANEL + L).mul(x3))));
    }
    for (; p < inner; p++) {
      int k = base + p * PANEL;
      c0 = c0.add(FloatVector.fromArray(SPECIES, packed, k).mul(a[r0 + p]));
      c1 = c1.add(FloatVector.fromArray(SPECIES, packed, k + L).mul(a[r0 + p]));
    }
    c0.intoArray(out, o);
    c1.intoArray(out, o + L);
  }
}
