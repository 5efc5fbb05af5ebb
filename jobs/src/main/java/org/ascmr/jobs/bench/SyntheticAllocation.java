package org.ascmr.jobs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ascmr.allocate.CandidateGraph;
import org.ascmr.allocate.ClusterCandidates;

/**
 * SYNTHETIC allocation problems for the solver benchmark: candidates with uniform informativeness,
 * a random kNN-like graph (each candidate draws {@code degree} neighbours, then the graph is
 * symmetrised, as the density stage writes it), 10% of candidates near labelled pairs, and a
 * random assignment to M clusters with random densities.
 */
public final class SyntheticAllocation {
  private SyntheticAllocation() {}

  static String id(int i) {
    return String.format("c%09d", i);
  }

  public static CandidateGraph graph(int n, int degree, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] ids = new String[n];
    double[] inf = new double[n];
    double[] lab = new double[n];
    double[] rho = new double[n];
    int[] cluster = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = id(i);
      inf[i] = r.nextDouble();
      lab[i] = r.nextInt(10) == 0 ? r.nextDouble() : 0;
      rho[i] = r.nextDouble();
      cluster[i] = -1;
    }
    int m = n * degree;
    int[] src = new int[2 * m];
    int[] dst = new int[2 * m];
    float[] w = new float[2 * m];
    int e = 0;
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < degree; t++) {
        int j = r.nextInt(n - 1);
        if (j >= i) j++;
        float v = (float) (0.2 + 0.8 * r.nextDouble());
        src[e] = i;
        dst[e] = j;
        w[e++] = v;
        src[e] = j;
        dst[e] = i;
        w[e++] = v;
      }
    }
    int[] offsets = new int[n + 1];
    for (int k = 0; k < e; k++) offsets[src[k] + 1]++;
    for (int i = 0; i < n; i++) offsets[i + 1] += offsets[i];
    int[] fill = Arrays.copyOf(offsets, n);
    int[] nb = new int[e];
    float[] wt = new float[e];
    for (int k = 0; k < e; k++) {
      int at = fill[src[k]]++;
      nb[at] = dst[k];
      wt[at] = w[k];
    }
    return new CandidateGraph(ids, inf, lab, rho, cluster, offsets, nb, wt);
  }

  /**
   * n candidates in M clusters; each cluster lists at most {@code listed} of its candidates (the
   * job collects no more than the budget per cluster either).
   */
  public static List<ClusterCandidates> clusters(int n, int m, int listed, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] sizes = new int[m];
    for (int i = 0; i < n; i++) sizes[r.nextInt(m)]++;
    List<ClusterCandidates> out = new ArrayList<>(m);
    int next = 0;
    for (int c = 0; c < m; c++) {
      int l = Math.min(sizes[c], listed);
      String[] ids = new String[l];
      double[] inf = new double[l];
      for (int i = 0; i < l; i++) {
        ids[i] = id(next + i);
        inf[i] = r.nextDouble();
      }
      next += sizes[c];
      long labelled = sizes[c] / 20;
      out.add(new ClusterCandidates(c, sizes[c] + labelled, labelled, sizes[c], 0.1 + 0.5 * r.nextDouble(), ids, inf,
          null));
    }
    return out;
  }
}
