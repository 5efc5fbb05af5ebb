package org.ascmr.density;

/**
 * Dot products with one fixed summation order (d = 0, 1, ..., D-1, in float, no fused
 * multiply-add): Java forbids reordering or fusing these operations, so {@code dot(a, b)} has
 * the same bits whichever kernel computes it, however rows are blocked or partitioned, and
 * {@code dot(a, b) == dot(b, a)}. {@link VectorBlock} relies on this to give the same
 * similarities as this reference loop.
 */
public final class Vectors {
  private Vectors() {}

  public static float dot(float[] a, float[] b) {
    float s = 0f;
    for (int d = 0; d < a.length; d++) s += a[d] * b[d];
    return s;
  }

  /** Euclidean norm in double (used for checks, not for the similarities). */
  public static double norm(float[] a) {
    double s = 0;
    for (float v : a) s += (double) v * v;
    return Math.sqrt(s);
  }

  /** {@code a / ||a||} as a new array; an all-zero vector stays zero. */
  public static float[] normalise(float[] a) {
    double n = norm(a);
    float[] out = new float[a.length];
    if (n == 0) return out;
    for (int d = 0; d < a.length; d++) out[d] = (float) (a[d] / n);
    return out;
  }

  /** w_ij = max(0, s): the similarity weight of method.md §5. */
  public static float weight(float similarity) {
    return similarity > 0f ? similarity : 0f;
  }
}
