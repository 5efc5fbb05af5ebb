package org.ascmr.features;

/** Sparse term weights to the dense float vectors the pool stores. */
public final class TextVectors {
  private TextVectors() {}

  /**
   * A dense vector of {@code size} with {@code values[k]} at {@code indices[k]}, divided by its
   * L2 norm when {@code l2} (an all-zero vector, a text with no vocabulary term, stays zero).
   */
  public static float[] dense(int size, int[] indices, double[] values, boolean l2) {
    float[] out = new float[size];
    double ss = 0;
    for (int k = 0; k < indices.length; k++) ss += values[k] * values[k];
    double scale = l2 && ss > 0 ? 1.0 / Math.sqrt(ss) : 1.0;
    for (int k = 0; k < indices.length; k++) out[indices[k]] = (float) (values[k] * scale);
    return out;
  }
}
