package org.ascmr.linalg;

/**
 * A layer's bias and leaky ReLU on a row of its product: {@code out[o + j] = max(v, slope v)} with
 * {@code v = in[i + j] + bias[j]}, which for a slope in (0, 1) is the leaky ReLU
 * {@code v >= 0 ? v : slope v}, value for value (-0 stays -0). On vectors through
 * {@link VectorBiasLeaky} when the JVM has the vector API (the same two IEEE operations and a
 * max per lane, so the same bits), else the scalar loop: C2 did not vectorise it, and at four
 * such rows per tower and pair it cost a twentieth of the scoring.
 */
public final class BiasLeaky {
  private static final boolean VECTOR_API = VectorApi.present();

  private BiasLeaky() {}

  public static void apply(float[] in, int i, float[] bias, float slope, float[] out, int o, int n) {
    int done = VECTOR_API ? VectorBiasLeaky.apply(in, i, bias, slope, out, o, n) : 0;
    scalar(in, i, bias, slope, out, o, done, n);
  }

  /** Elements [from, n) in the scalar loop (the tests call it for the whole row). */
  static void scalar(float[] in, int i, float[] bias, float slope, float[] out, int o, int from, int n) {
    for (int j = from; j < n; j++) {
      float v = in[i + j] + bias[j];
      out[o + j] = Math.max(v, slope * v);
    }
  }
}
