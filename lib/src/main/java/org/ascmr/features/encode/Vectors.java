package org.ascmr.features.encode;

/** The one vector operation the encoders share. */
final class Vectors {

  private Vectors() {}

  /** Scales {@code v} to unit L2 norm (sum in double); an all-zero vector is left as it is. */
  static void l2NormalizeInPlace(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (sum == 0) {
      return;
    }
    double inv = 1.0 / Math.sqrt(sum);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] * inv);
    }
  }
}
