package org.ascmr.data;

import java.util.ArrayList;
import java.util.List;

/** Multi-hot label vectors as the tables store them (float arrays of 0/1). */
public final class Labels {
  private Labels() {}

  public static float[] multiHot(int numLabels, int... indices) {
    float[] y = new float[numLabels];
    for (int i : indices) y[i] = 1f;
    return y;
  }

  public static boolean isEmpty(float[] y) {
    if (y == null) return true;
    for (float v : y) if (v != 0f) return false;
    return true;
  }

  public static List<Integer> indices(float[] y) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < y.length; i++) if (y[i] != 0f) out.add(i);
    return out;
  }

  /** Number of labels two items share: S_ij of method.md §2. */
  public static int shared(float[] a, float[] b) {
    int s = 0;
    for (int i = 0; i < a.length; i++) if (a[i] != 0f && b[i] != 0f) s++;
    return s;
  }
}
