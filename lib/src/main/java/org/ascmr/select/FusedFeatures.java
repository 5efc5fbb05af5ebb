package org.ascmr.select;

/** The joint image-text embedding the baselines and batch statistics use: [n(f_v), n(f_t)] / sqrt 2. */
public final class FusedFeatures {
  private FusedFeatures() {}

  public static float[] joint(float[] fv, float[] ft) {
    float[] out = new float[fv.length + ft.length];
    put(fv, out, 0);
    put(ft, out, fv.length);
    return out;
  }

  private static void put(float[] f, float[] out, int offset) {
    double n = 0;
    for (float v : f) n += (double) v * v;
    n = Math.sqrt(2 * n);
    for (int i = 0; i < f.length; i++) out[offset + i] = n == 0 ? 0f : (float) (f[i] / n);
  }
}
