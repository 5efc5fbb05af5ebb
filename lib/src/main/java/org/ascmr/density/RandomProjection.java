package org.ascmr.density;

import java.io.Serializable;
import java.util.Random;

/**
 * Gaussian random projection to {@code outDim} dimensions followed by L2 normalisation
 * (Johnson-Lindenstrauss: inner products of unit vectors are kept up to O(1/sqrt(outDim))). The
 * matrix is a pure function of (inDim, outDim, seed) through {@link Random}'s specified
 * algorithm, so every executor rebuilds the same one instead of receiving it.
 */
public final class RandomProjection implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int inDim;
  private final int outDim;
  private final float[] matrix; // row-major inDim x outDim

  public RandomProjection(int inDim, int outDim, long seed) {
    if (inDim < 1 || outDim < 1) throw new IllegalArgumentException("dimensions must be >= 1");
    this.inDim = inDim;
    this.outDim = outDim;
    this.matrix = new float[inDim * outDim];
    Random r = new Random(seed);
    for (int i = 0; i < matrix.length; i++) matrix[i] = (float) r.nextGaussian();
  }

  public int inDim() {
    return inDim;
  }

  public int outDim() {
    return outDim;
  }

  /** normalise(u R): the projected unit vector. */
  public float[] project(float[] u) {
    if (u.length != inDim) throw new IllegalArgumentException("expected " + inDim + " values, got " + u.length);
    float[] out = new float[outDim];
    for (int i = 0; i < inDim; i++) {
      float ui = u[i];
      int base = i * outDim;
      for (int o = 0; o < outDim; o++) out[o] += ui * matrix[base + o];
    }
    return Vectors.normalise(out);
  }
}
