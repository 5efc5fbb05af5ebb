package org.ascmr.allocate;

import java.util.List;
import org.ascmr.density.Vectors;

/** Descriptive numbers of a selected batch, for reports and tests. */
public final class SelectionStats {
  private SelectionStats() {}

  /** Mean cosine <u_i, u_j> over all pairs i < j of the given unit vectors; 0 for fewer than 2. */
  public static double meanPairwiseSimilarity(List<float[]> units) {
    int n = units.size();
    if (n < 2) return 0.0;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) s += Vectors.dot(units.get(i), units.get(j));
    return s / ((double) n * (n - 1) / 2);
  }
}
