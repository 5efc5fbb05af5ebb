package org.ascmr.allocate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ascmr.density.Vectors;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class ClusterAllocatorTest {

  private static ClusterCandidates cluster(int c, long size, long labelled, double rho, String[] ids, double[] inf) {
    return new ClusterCandidates(c, size, labelled, ids.length, rho, ids, inf, null);
  }

  @Test
  void rejectsNegativeLambdaAndTooTightCaps() {
    List<ClusterCandidates> cs = List.of(cluster(0, 3, 0, 0.5, new String[] {"a", "b", "c"}, new double[] {1, 1, 1}));
    assertThrows(ConfigException.class, () -> new ClusterAllocator(cs, -0.1, 0, 0));
    ConfigException e = assertThrows(ConfigException.class, () -> new ClusterAllocator(cs, 1, 0, 0).allocate(4));
    assertTrue(e.getMessage().contains(AllocateConfig.BUDGET_EXCEEDS_CANDIDATES), e.getMessage());
    // Two clusters of 10 with 1 listed member each... a cap of ceil(1 * 4 * 10 / 20) = 2 each
    // cannot place 5 picks when each cluster has only 2 listed.
    List<ClusterCandidates> two = List.of(
        new ClusterCandidates(0, 10, 0, 10, 0.1, new String[] {"a", "b"}, new double[] {1, 1}, null),
        new ClusterCandidates(1, 10, 0, 10, 0.1, new String[] {"c", "d"}, new double[] {1, 1}, null));
    e = assertThrows(ConfigException.class, () -> new ClusterAllocator(two, 1, 0, 1).allocate(5));
    assertTrue(e.getMessage().contains(ClusterAllocator.CAPS_TOO_TIGHT), e.getMessage());
  }

  @Test
  void handComputedHeapMerge() {
    // Cluster 0: dense (rho 0.5), 2 labelled; cluster 1: sparse (rho 0.1), no labelled.
    // lambda 1, kappa 0.5: D_0(m) = I - 0.5 (m - 1 + 1) -> 1.0-0.5 = 0.5, 0.9-1.0 = -0.1
    //                      D_1(m) = I - 0.1 (m - 1)    -> 0.6, 0.55-0.1 = 0.45, 0.2-0.2 = 0.0
    ClusterCandidates c0 = cluster(0, 10, 2, 0.5, new String[] {"a", "b"}, new double[] {1.0, 0.9});
    ClusterCandidates c1 = cluster(1, 5, 0, 0.1, new String[] {"z", "y", "x"}, new double[] {0.2, 0.55, 0.6});
    Allocation a = new ClusterAllocator(List.of(c0, c1), 1, 0.5, 0).allocate(4);
    assertEquals(List.of("x", "a", "y", "z"), a.ids());
    assertEquals(0.6 + 0.5 + 0.45 + 0.0, a.objective(), 1e-12);
    assertEquals(0.45, a.picks().get(2).gain(), 1e-12);
    assertEquals(1, a.picks().get(0).cluster());
  }

  @Test
  void capLimitsPicksPerCluster() {
    // eta 1, b 2, N 20: cluster of 18 may take ceil(2 * 18 / 20) = 2, cluster of 2 max(1, ceil(0.2)) = 1.
    ClusterCandidates big = cluster(0, 18, 0, 0, new String[] {"a", "b", "c"}, new double[] {0.9, 0.8, 0.7});
    ClusterCandidates small = cluster(1, 2, 0, 0, new String[] {"s", "t"}, new double[] {0.1, 0.05});
    ClusterAllocator solver = new ClusterAllocator(List.of(big, small), 0, 0, 1);
    assertEquals(2, solver.cap(big, 2));
    assertEquals(1, solver.cap(small, 2));
    assertEquals(List.of("a", "b"), solver.allocate(2).ids());
    assertEquals(List.of("a", "b", "c", "s"), new ClusterAllocator(List.of(big, small), 0, 0, 1.3).allocate(4).ids());
  }

  @Test
  void lambdaZeroIsTopB() {
    Random r = new Random(8);
    List<ClusterCandidates> cs = randomClusters(r, 6, 30, true);
    List<String> ids = new ArrayList<>();
    List<Double> inf = new ArrayList<>();
    for (ClusterCandidates c : cs) {
      for (int m = 0; m < c.listed(); m++) {
        ids.add(c.id(m));
        inf.add(c.informativeness(m));
      }
    }
    double[] infs = inf.stream().mapToDouble(Double::doubleValue).toArray();
    for (int b : new int[] {1, 17, ids.size()}) {
      assertEquals(TopB.select(ids.toArray(new String[0]), infs, b).ids(),
          new ClusterAllocator(cs, 0, 0.7, 0).allocate(b).ids());
    }
  }

  /** Exactness: the heap merge reaches the best objective over every feasible allocation. */
  @Test
  void matchesBruteForceOverAllAllocations() {
    Random r = new Random(21);
    for (int trial = 0; trial < 200; trial++) {
      int m = 1 + r.nextInt(4);
      List<ClusterCandidates> cs = randomClusters(r, m, 6, trial % 2 == 0);
      int total = cs.stream().mapToInt(ClusterCandidates::listed).sum();
      int b = 1 + r.nextInt(total);
      double lambda = r.nextDouble() * 3;
      double kappa = r.nextDouble();
      double eta = trial % 3 == 0 ? 1 + r.nextDouble() * 2 : 0;
      ClusterAllocator solver = new ClusterAllocator(cs, lambda, kappa, eta);
      double best = bruteForce(solver, cs, b, 0, new int[m]);
      if (best == Double.NEGATIVE_INFINITY) {
        assertThrows(ConfigException.class, () -> solver.allocate(b));
        continue;
      }
      Allocation a = solver.allocate(b);
      assertEquals(b, a.picks().size());
      assertEquals(best, a.objective(), 1e-9, "trial " + trial);
    }
  }

  private static double bruteForce(ClusterAllocator s, List<ClusterCandidates> cs, int b, int c, int[] counts) {
    if (c == cs.size()) {
      int sum = 0;
      for (int x : counts) sum += x;
      if (sum != b) return Double.NEGATIVE_INFINITY;
      double v = 0;
      for (int i = 0; i < cs.size(); i++) for (int p = 1; p <= counts[i]; p++) v += s.value(cs.get(i), p);
      return v;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int x = 0; x <= s.cap(cs.get(c), b); x++) {
      counts[c] = x;
      best = Math.max(best, bruteForce(s, cs, b, c + 1, counts));
    }
    counts[c] = 0;
    return best;
  }

  private static List<ClusterCandidates> randomClusters(Random r, int m, int maxListed, boolean ties) {
    List<ClusterCandidates> out = new ArrayList<>();
    int next = 0;
    for (int c = 0; c < m; c++) {
      int listed = 1 + r.nextInt(maxListed);
      int labelled = r.nextInt(5);
      String[] ids = new String[listed];
      double[] inf = new double[listed];
      for (int i = 0; i < listed; i++) {
        ids[i] = String.format("k%04d", next++);
        inf[i] = ties ? r.nextInt(5) / 5.0 : r.nextDouble();
      }
      out.add(new ClusterCandidates(c, listed + labelled, labelled, listed, r.nextDouble(), ids, inf, null));
    }
    return out;
  }

  @Test
  void rhoClosedFormIsMeanPairwiseCosine() {
    Random r = new Random(13);
    List<float[]> units = new ArrayList<>();
    ClusterSums whole = new ClusterSums(5);
    ClusterSums left = new ClusterSums(5);
    ClusterSums right = new ClusterSums(5);
    float[] centre = {1, 0.5f, 0, 0, 0};
    for (int i = 0; i < 40; i++) {
      float[] v = new float[5];
      for (int d = 0; d < 5; d++) v[d] = centre[d] + (float) r.nextGaussian() * 0.4f;
      v = Vectors.normalise(v);
      units.add(v);
      whole.add(v, i % 4 == 0);
      (i < 15 ? left : right).add(v, i % 4 == 0);
    }
    double pairwise = SelectionStats.meanPairwiseSimilarity(units);
    assertTrue(pairwise > 0.3, "fixture should be a dense cluster: " + pairwise);
    assertEquals(pairwise, whole.rho(), 1e-6);
    ClusterSums merged = left.merge(right);
    // fixed-point sums: the same bits in any order of rows and merges, as partitionings differ
    assertEquals(whole.rho(), merged.rho());
    List<float[]> shuffled = new ArrayList<>(units);
    java.util.Collections.shuffle(shuffled, new Random(5));
    ClusterSums[] parts = {new ClusterSums(5), new ClusterSums(5), new ClusterSums(5)};
    for (int i = 0; i < shuffled.size(); i++) parts[i % 3].add(shuffled.get(i), false);
    assertEquals(whole.rho(), parts[2].merge(parts[0]).merge(parts[1]).rho());
    assertEquals(10, merged.labelled());
    assertEquals(40, merged.size());
    assertEquals(0.0, new ClusterSums(2).add(new float[] {1, 0}, false).rho()); // one member
    // Two opposite vectors: mean cosine -1, clamped at 0.
    assertEquals(0.0, new ClusterSums(2).add(new float[] {1, 0}, false).add(new float[] {-1, 0}, false).rho());
    // vectors that are not unit (projected search vectors): the mean pairwise dot product
    ClusterSums plain = new ClusterSums(2).add(new float[] {2, 0}, false).add(new float[] {1, 1}, false)
        .add(new float[] {0, 2}, false);
    assertEquals((2.0 + 0.0 + 2.0) / 3, plain.rho(), 1e-8);
    assertThrows(IllegalArgumentException.class, () -> new ClusterSums(2).add(new float[] {Float.NaN, 0}, false));
  }
}
