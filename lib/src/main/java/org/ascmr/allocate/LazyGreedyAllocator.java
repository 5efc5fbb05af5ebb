package org.ascmr.allocate;

import java.util.ArrayList;
import java.util.List;

/**
 * The greedy solver of method.md §6 with a lazy max-heap. J(S) = sum I_i - lambda sum_{i<j in S}
 * 2 w_ij - gamma sum_{i in S} sum_{j in L} w_ij; the marginal gain of i starts at
 * g_i = I_i - gamma sum_{j in L} w_ij and drops by 2 lambda w_ij when a neighbour j is picked.
 *
 * <p>Each candidate has one heap entry keyed by the gain it had when last sifted; gains only
 * fall, so a key is never below the true gain. The root is taken when its key is current,
 * otherwise its key is refreshed and sifted down. With the order (gain desc, index asc) this
 * picks exactly what a naive greedy over all candidates picks, ties going to the smaller id,
 * in O((N + b d) log N) for average degree d. Picks continue while gains are negative: the
 * budget is always spent.
 */
public final class LazyGreedyAllocator implements BudgetAllocator {
  private final CandidateGraph graph;
  private final double lambda;
  private final double gamma;

  public LazyGreedyAllocator(CandidateGraph graph, double lambda, double gamma) {
    AllocateConfig.LAMBDA.check(lambda);
    AllocateConfig.GAMMA.check(gamma);
    this.graph = graph;
    this.lambda = lambda;
    this.gamma = gamma;
  }

  @Override
  public int candidates() {
    return graph.size();
  }

  @Override
  public Allocation allocate(int budget) {
    int n = graph.size();
    AllocateConfig.validateBudget(budget, n);
    double[] gain = new double[n];
    for (int i = 0; i < n; i++) gain[i] = graph.informativeness(i) - gamma * graph.labelledSimilarity(i);
    boolean[] taken = new boolean[n];
    double[] key = gain.clone();
    int[] heap = new int[n];
    for (int i = 0; i < n; i++) heap[i] = i;
    int size = n;
    for (int i = size / 2 - 1; i >= 0; i--) siftDown(heap, key, size, i);

    List<Pick> picks = new ArrayList<>(budget);
    double objective = 0;
    while (picks.size() < budget) {
      int top = heap[0];
      if (key[top] > gain[top]) { // stale: refresh and let it sink
        key[top] = gain[top];
        siftDown(heap, key, size, 0);
        continue;
      }
      heap[0] = heap[--size];
      if (size > 0) siftDown(heap, key, size, 0);
      taken[top] = true;
      picks.add(new Pick(graph.id(top), graph.informativeness(top), graph.rho(top), gain[top], graph.cluster(top)));
      objective += gain[top];
      double twoLambda = 2 * lambda;
      if (twoLambda == 0) continue;
      for (int e = graph.edgeStart(top); e < graph.edgeEnd(top); e++) {
        int j = graph.neighbour(e);
        if (!taken[j]) gain[j] -= twoLambda * graph.weight(e);
      }
    }
    return new Allocation(picks, objective);
  }

  /** a ranks before b: larger key, then smaller index (= smaller id). */
  private static boolean before(double[] key, int a, int b) {
    return key[a] > key[b] || (key[a] == key[b] && a < b);
  }

  private static void siftDown(int[] heap, double[] key, int size, int i) {
    int item = heap[i];
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) break;
      int best = l;
      if (l + 1 < size && before(key, heap[l + 1], heap[l])) best = l + 1;
      if (!before(key, heap[best], item)) break;
      heap[i] = heap[best];
      i = best;
    }
    heap[i] = item;
  }
}
