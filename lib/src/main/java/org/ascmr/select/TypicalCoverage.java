package org.ascmr.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The coverage selection of {@code ascmr}: a label-free reading of the method's density term, after
 * TypiClust (Hacohen, Dekel and Weinshall, ICML 2022). With 1-6 labels per class, picking what the
 * model is unsure of concentrates the batch in atypical, confusing regions and loses to random (our
 * experiments show it for every uncertainty strategy); picking one typical pair from every region
 * that has no label yet covers the pool. Steps:
 * <ol>
 *   <li>typicality of every pair: 1 / mean Euclidean distance to its K nearest pairs of the pool
 *       (dense regions score high, outliers low);</li>
 *   <li>k-means of the pool (labelled and unlabelled) into min(|L| + b, maxClusters) clusters;</li>
 *   <li>b times: take the cluster with the fewest labelled-or-picked pairs (clusters below the
 *       minimum size last; then the larger; then the lower index) and pick its best unlabelled
 *       pair by (1 - w) rank(typicality) + w rank(uncertainty), ranks as fractions over U.</li>
 * </ol>
 * Deterministic for a given input order and seed; ties go to the lower index.
 */
public final class TypicalCoverage {
  /** Clusters at most (TypiClust's cap): beyond it clusters get too small to have a typical member. */
  public static final int MAX_CLUSTERS = 500;

  /** One pick: index into the input, its typicality, its cluster and its blended score. */
  public record Pick(int index, double typicality, int cluster, double score) {}

  private TypicalCoverage() {}

  /**
   * @param x           one label-free vector per pair of the pool (labelled and unlabelled)
   * @param labelled    which pairs are labelled
   * @param uncertainty the current model's uncertainty per pair (higher = less sure); may be null when weight is 0
   * @param weight      weight of uncertainty against typicality inside a cluster, in [0, 1]
   * @param budget      pairs to pick
   */
  public static List<Pick> select(float[][] x, boolean[] labelled, double[] uncertainty, double weight, int budget,
      CoverageConfig cfg, long seed) {
    int n = x.length;
    if (labelled.length != n) throw new IllegalArgumentException("labelled has " + labelled.length + " rows, x " + n);
    if (weight < 0 || weight > 1) throw new IllegalArgumentException("weight must be in [0, 1], was " + weight);
    if (weight > 0 && (uncertainty == null || uncertainty.length != n)) {
      throw new IllegalArgumentException("a positive weight needs one uncertainty value per row");
    }
    int unlabelled = 0;
    for (boolean l : labelled) if (!l) unlabelled++;
    if (budget > unlabelled) {
      throw new IllegalArgumentException("budget " + budget + " exceeds the " + unlabelled + " unlabelled pairs");
    }
    List<Pick> picks = new ArrayList<>(budget);
    if (budget == 0) return picks;

    double[] typicality = Typicality.of(x, cfg.neighbours());
    double[] score = blend(typicality, uncertainty, weight, labelled);
    int k = Math.min(Math.min(n, MAX_CLUSTERS), n - unlabelled + budget);
    int[] cluster = PoolKMeans.assign(x, k, cfg.iterations(), seed);

    int[] size = new int[k];
    int[] covered = new int[k];
    for (int i = 0; i < n; i++) {
      size[cluster[i]]++;
      if (labelled[i]) covered[cluster[i]]++;
    }
    boolean[] taken = labelled.clone();
    boolean[] exhausted = new boolean[k];
    while (picks.size() < budget) {
      int c = nextCluster(size, covered, exhausted, cfg.minClusterSize());
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (cluster[i] != c || taken[i]) continue;
        if (best < 0 || score[i] > score[best]) best = i;
      }
      if (best < 0) {
        exhausted[c] = true;
        continue;
      }
      taken[best] = true;
      covered[c]++;
      picks.add(new Pick(best, typicality[best], c, score[best]));
    }
    return picks;
  }

  /** The cluster to serve next: fewest labelled-or-picked, normal-sized before small, larger, lower index. */
  private static int nextCluster(int[] size, int[] covered, boolean[] exhausted, int minSize) {
    int best = -1;
    for (int c = 0; c < size.length; c++) {
      if (exhausted[c] || size[c] == 0) continue;
      if (best < 0 || before(c, best, size, covered, minSize)) best = c;
    }
    if (best < 0) throw new IllegalStateException("no cluster has an unlabelled pair left");
    return best;
  }

  private static boolean before(int a, int b, int[] size, int[] covered, int minSize) {
    boolean smallA = size[a] < minSize;
    boolean smallB = size[b] < minSize;
    if (smallA != smallB) return !smallA;
    if (covered[a] != covered[b]) return covered[a] < covered[b];
    return size[a] > size[b];
  }

  /** (1 - w) rank(typicality) + w rank(uncertainty), ranks as fractions in [0, 1] over the unlabelled rows. */
  static double[] blend(double[] typicality, double[] uncertainty, double weight, boolean[] labelled) {
    double[] t = Ranks.fractions(typicality, labelled);
    if (weight == 0) return t;
    double[] u = Ranks.fractions(uncertainty, labelled);
    double[] out = new double[t.length];
    for (int i = 0; i < out.length; i++) out[i] = (1 - weight) * t[i] + weight * u[i];
    return out;
  }

  /** Fractional ranks of the unlabelled rows (0 = lowest, 1 = highest; ties by index); labelled rows get -1. */
  static final class Ranks {
    private Ranks() {}

    static double[] fractions(double[] v, boolean[] skip) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < v.length; i++) if (!skip[i]) idx.add(i);
      idx.sort((a, b) -> v[a] != v[b] ? Double.compare(v[a], v[b]) : Integer.compare(a, b));
      double[] out = new double[v.length];
      Arrays.fill(out, -1);
      double denom = Math.max(1, idx.size() - 1);
      for (int r = 0; r < idx.size(); r++) out[idx.get(r)] = r / denom;
      return out;
    }
  }
}
