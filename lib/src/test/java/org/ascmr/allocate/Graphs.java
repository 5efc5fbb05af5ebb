package org.ascmr.allocate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random symmetric candidate graphs for the solver tests. */
final class Graphs {
  private Graphs() {}

  static String id(int i) {
    return String.format("c%05d", i);
  }

  /** n candidates, each linked to about {@code degree} others, weights in [0, 1), I in [0, 1). */
  static CandidateGraph random(Random r, int n, int degree, boolean tiedInformativeness) {
    List<List<int[]>> adj = new ArrayList<>();
    for (int i = 0; i < n; i++) adj.add(new ArrayList<>());
    float[][] w = new float[n][n];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < degree / 2; t++) {
        int j = r.nextInt(n);
        if (j == i || w[i][j] != 0) continue;
        float v = 0.01f + r.nextFloat() * 0.99f;
        w[i][j] = v;
        w[j][i] = v;
      }
    }
    String[] ids = new String[n];
    double[] inf = new double[n];
    double[] lab = new double[n];
    double[] rho = new double[n];
    int[] cl = new int[n];
    int[] off = new int[n + 1];
    List<Integer> nb = new ArrayList<>();
    List<Float> wt = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids[i] = id(i);
      inf[i] = tiedInformativeness ? r.nextInt(4) / 4.0 : r.nextDouble();
      lab[i] = r.nextInt(3) == 0 ? r.nextDouble() * 2 : 0;
      rho[i] = r.nextDouble();
      cl[i] = r.nextInt(5);
      for (int j = 0; j < n; j++) {
        if (w[i][j] != 0) {
          nb.add(j);
          wt.add(w[i][j]);
        }
      }
      off[i + 1] = nb.size();
    }
    int[] nbs = nb.stream().mapToInt(Integer::intValue).toArray();
    float[] wts = new float[wt.size()];
    for (int e = 0; e < wts.length; e++) wts[e] = wt.get(e);
    return new CandidateGraph(ids, inf, lab, rho, cl, off, nbs, wts);
  }
}
