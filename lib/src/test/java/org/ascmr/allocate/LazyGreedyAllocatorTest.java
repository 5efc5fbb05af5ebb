package org.ascmr.allocate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ascmr.density.Density;
import org.ascmr.density.ExactSearch;
import org.ascmr.density.RankList;
import org.ascmr.density.Neighbours;
import org.ascmr.error.ConfigException;
import org.ascmr.testing.WikipediaVectors;
import org.ascmr.testing.Wikipedia;
import org.ascmr.data.WikipediaBenchmark;
import org.junit.jupiter.api.Test;

class LazyGreedyAllocatorTest {

  /** Four candidates: a-b very similar (0.9), c-d weakly (0.2); no edges across. */
  private static CandidateGraph fourPoints() {
    String[] ids = {"a", "b", "c", "d"};
    double[] inf = {1.0, 0.95, 0.7, 0.6};
    double[] lab = {0, 0, 0, 1.0}; // d is 1.0 similar to labelled items
    int[] off = {0, 1, 2, 3, 4};
    int[] nb = {1, 0, 3, 2};
    float[] w = {0.9f, 0.9f, 0.2f, 0.2f};
    return new CandidateGraph(ids, inf, lab, new double[4], new int[4], off, nb, w);
  }

  @Test
  void rejectsNegativeLambdaAndBudgetBeyondCandidates() {
    assertThrows(ConfigException.class, () -> new LazyGreedyAllocator(fourPoints(), -1, 0));
    ConfigException e = assertThrows(ConfigException.class,
        () -> new LazyGreedyAllocator(fourPoints(), 0.5, 0).allocate(5));
    assertTrue(e.getMessage().contains(AllocateConfig.BUDGET_EXCEEDS_CANDIDATES), e.getMessage());
    assertThrows(ConfigException.class, () -> new LazyGreedyAllocator(fourPoints(), 0.5, 0).allocate(0));
  }

  @Test
  void fourPointsByHand() {
    // lambda 0.5, gamma 0.2: gains a 1.0, b 0.95, c 0.7, d 0.6 - 0.2 = 0.4.
    // Pick a (1.0); b drops by 2*0.5*0.9 = 0.9 to 0.05. Pick c (0.7); d drops by 0.2 to 0.2.
    // Then d (0.2) before b (0.05). J = 1.0 + 0.7 + 0.2 = 1.9.
    Allocation a = new LazyGreedyAllocator(fourPoints(), 0.5, 0.2).allocate(3);
    assertEquals(List.of("a", "c", "d"), a.ids());
    assertEquals(1.0, a.picks().get(0).gain(), 1e-12);
    assertEquals(0.7, a.picks().get(1).gain(), 1e-12);
    assertEquals(0.2, a.picks().get(2).gain(), 1e-7);
    assertEquals(1.9, a.objective(), 1e-7);
    // Without the density term the batch is plain top-3: a, b, c.
    assertEquals(List.of("a", "b", "c"), new LazyGreedyAllocator(fourPoints(), 0, 0).allocate(3).ids());
  }

  @Test
  void tiesBrokenByCandidateId() {
    String[] ids = {"a", "b", "c"};
    CandidateGraph g = CandidateGraph.withoutEdges(ids, new double[] {0.5, 0.5, 0.5});
    assertEquals(List.of("a", "b"), new LazyGreedyAllocator(g, 1, 1).allocate(2).ids());
  }

  @Test
  void lambdaZeroIsTopB() {
    Random r = new Random(2);
    for (int trial = 0; trial < 20; trial++) {
      CandidateGraph g = Graphs.random(r, 200, 8, trial % 2 == 0);
      int b = 1 + r.nextInt(200);
      String[] ids = new String[g.size()];
      double[] inf = new double[g.size()];
      for (int i = 0; i < g.size(); i++) {
        ids[i] = g.id(i);
        inf[i] = g.informativeness(i);
      }
      assertEquals(TopB.select(ids, inf, b).ids(), new LazyGreedyAllocator(g, 0, 0).allocate(b).ids());
    }
  }

  @Test
  void lazyEqualsNaiveGreedy() {
    Random r = new Random(7);
    for (int trial = 0; trial < 30; trial++) {
      CandidateGraph g = Graphs.random(r, 60 + r.nextInt(100), 2 + r.nextInt(12), trial % 3 == 0);
      double lambda = r.nextDouble() * 2;
      double gamma = r.nextDouble();
      int b = 1 + r.nextInt(g.size());
      Allocation lazy = new LazyGreedyAllocator(g, lambda, gamma).allocate(b);
      Allocation naive = naiveGreedy(g, lambda, gamma, b);
      assertEquals(naive.ids(), lazy.ids(), "trial " + trial);
      assertEquals(naive.objective(), lazy.objective(), 1e-9);
      assertEquals(objective(g, lambda, gamma, lazy.ids()), lazy.objective(), 1e-9);
    }
  }

  /** Greedy by the definition: evaluate J(S + i) - J(S) for every remaining i at every step. */
  static Allocation naiveGreedy(CandidateGraph g, double lambda, double gamma, int b) {
    List<Integer> chosen = new ArrayList<>();
    List<Pick> picks = new ArrayList<>();
    boolean[] taken = new boolean[g.size()];
    double total = 0;
    for (int step = 0; step < b; step++) {
      int best = -1;
      double bestGain = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < g.size(); i++) {
        if (taken[i]) continue;
        double gain = g.informativeness(i) - gamma * g.labelledSimilarity(i);
        for (int j : chosen) gain -= 2 * lambda * g.weightBetween(i, j);
        if (gain > bestGain + 1e-12) { // ties: the first (smallest id) wins
          best = i;
          bestGain = gain;
        }
      }
      taken[best] = true;
      chosen.add(best);
      total += bestGain;
      picks.add(new Pick(g.id(best), g.informativeness(best), g.rho(best), bestGain, g.cluster(best)));
    }
    return new Allocation(picks, total);
  }

  static double objective(CandidateGraph g, double lambda, double gamma, List<String> ids) {
    List<Integer> s = new ArrayList<>();
    for (String id : ids) s.add(java.util.Arrays.binarySearch(idsOf(g), id));
    double j = 0;
    for (int a = 0; a < s.size(); a++) {
      j += g.informativeness(s.get(a)) - gamma * g.labelledSimilarity(s.get(a));
      for (int c = a + 1; c < s.size(); c++) j -= lambda * 2 * g.weightBetween(s.get(a), s.get(c));
    }
    return j;
  }

  private static String[] idsOf(CandidateGraph g) {
    String[] ids = new String[g.size()];
    for (int i = 0; i < ids.length; i++) ids[i] = g.id(i);
    return ids;
  }

  /**
   * Real embeddings (Wikipedia train, exact kNN graph, k = 10, symmetrised): a large lambda makes
   * the greedy batch less homogeneous than top-b, measured by mean pairwise cosine.
   */
  @Test
  void largeLambdaSpreadsTheBatchOnRealEmbeddings() {
    List<WikipediaBenchmark.Item> items = Wikipedia.data().train();
    int n = items.size();
    String[] ids = new String[n];
    float[][] u = new float[n][];
    double[] inf = new double[n];
    for (int i = 0; i < n; i++) {
      ids[i] = WikipediaVectors.id(items.get(i));
      u[i] = WikipediaVectors.unit(items.get(i));
      inf[i] = WikipediaVectors.textEntropy(items.get(i));
    }
    ExactSearch search = new ExactSearch(ids, u, 10);
    for (int i = 0; i < n; i++) search.add(ids[i], u[i]);
    List<Neighbours> knn = search.result();
    // reverse lists, then symmetrise each node
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) index.put(ids[i], i);
    // the graph keyed by row index (ranks; ties, which break by rank, do not matter here)
    int[] revCount = new int[n];
    for (Neighbours l : knn) for (String id : l.ids()) revCount[index.get(id)]++;
    int[][] revRanks = new int[n][];
    float[][] revSims = new float[n][];
    for (int j = 0; j < n; j++) {
      revRanks[j] = new int[revCount[j]];
      revSims[j] = new float[revCount[j]];
    }
    java.util.Arrays.fill(revCount, 0);
    RankList[] own = new RankList[n];
    for (int i = 0; i < n; i++) {
      int[] r = new int[knn.get(i).size()];
      for (int e = 0; e < r.length; e++) {
        int j = index.get(knn.get(i).ids()[e]);
        r[e] = j;
        revRanks[j][revCount[j]] = i;
        revSims[j][revCount[j]++] = knn.get(i).similarities()[e];
      }
      own[i] = new RankList(r, knn.get(i).similarities());
    }
    int[] off = new int[n + 1];
    List<Integer> nb = new ArrayList<>();
    List<Float> wt = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RankList sym = Density.symmetrise(own[i], revRanks[i], revSims[i], revCount[i]);
      for (int e = 0; e < sym.size(); e++) {
        nb.add(sym.ranks()[e]);
        wt.add(sym.similarities()[e]);
      }
      off[i + 1] = nb.size();
    }
    float[] w = new float[wt.size()];
    for (int e = 0; e < w.length; e++) w[e] = wt.get(e);
    CandidateGraph g = new CandidateGraph(ids, inf, new double[n], new double[n], new int[n], off,
        nb.stream().mapToInt(Integer::intValue).toArray(), w);
    int b = 100;
    double topB = meanSim(new LazyGreedyAllocator(g, 0, 0).allocate(b), index, u);
    double spread = meanSim(new LazyGreedyAllocator(g, 5, 0).allocate(b), index, u);
    assertTrue(spread < topB - 0.01, "mean pairwise cosine: top-b " + topB + ", lambda 5 " + spread);
  }

  private static double meanSim(Allocation a, java.util.Map<String, Integer> index, float[][] u) {
    List<float[]> sel = new ArrayList<>();
    for (String id : a.ids()) sel.add(u[index.get(id)]);
    return SelectionStats.meanPairwiseSimilarity(sel);
  }
}
