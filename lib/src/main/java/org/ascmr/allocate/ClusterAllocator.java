package org.ascmr.allocate;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.ascmr.error.ConfigException;

/**
 * The cluster allocation solver of method.md §6. The m-th pick (1-based) in cluster c is worth
 * D_c(m) = I_c(m) - lambda rho_c (m - 1 + kappa l_c), which does not increase with m (I_c is
 * sorted descending and the penalty grows), so the objective is separable and concave per
 * cluster and the b largest D values over all clusters are an optimal allocation: a heap merge
 * of the M sorted lists, O(b log M). With a cap (eta > 0) cluster c takes at most
 * max(1, ceil(eta b n_c / N)) picks, N = sum of n_c; the merge stays optimal under such box
 * constraints. Ties between equal D values go to the smaller id.
 */
public final class ClusterAllocator implements BudgetAllocator {
  /** Fixed part of the error when the caps leave fewer picks than the budget. */
  public static final String CAPS_TOO_TIGHT = "the per-cluster caps allow fewer picks than the budget";

  private final List<ClusterCandidates> clusters;
  private final double lambda;
  private final double kappa;
  private final double eta;
  private final int candidates;
  private final long poolSize;

  public ClusterAllocator(List<ClusterCandidates> clusters, double lambda, double kappa, double eta) {
    AllocateConfig.LAMBDA.check(lambda);
    AllocateConfig.KAPPA.check(kappa);
    AllocateConfig.ETA.check(eta);
    this.clusters = List.copyOf(clusters);
    this.lambda = lambda;
    this.kappa = kappa;
    this.eta = eta;
    long u = 0;
    long pool = 0;
    for (ClusterCandidates c : clusters) {
      u += c.unlabelled();
      pool += c.size();
    }
    this.candidates = (int) Math.min(Integer.MAX_VALUE, u);
    this.poolSize = pool;
  }

  @Override
  public int candidates() {
    return candidates;
  }

  /** Most picks cluster c may take for budget b: listed members, and the cap when eta > 0. */
  public long cap(ClusterCandidates c, int budget) {
    long limit = c.listed();
    if (eta > 0) {
      long share = (long) Math.ceil(eta * budget * (double) c.size() / poolSize);
      limit = Math.min(limit, Math.max(1, share));
    }
    return limit;
  }

  /** D_c(m) for the 1-based pick number m. */
  public double value(ClusterCandidates c, int m) {
    return c.informativeness(m - 1) - lambda * c.rho() * (m - 1 + kappa * c.labelled());
  }

  @Override
  public Allocation allocate(int budget) {
    AllocateConfig.validateBudget(budget, candidates);
    long capacity = 0;
    for (ClusterCandidates c : clusters) capacity += cap(c, budget);
    if (capacity < budget) {
      throw new ConfigException(eta > 0 ? AllocateConfig.ETA.key() : "--budget", CAPS_TOO_TIGHT + ": "
          + capacity + " < " + budget + (eta > 0 ? " (raise allocate.eta or set it to 0)"
          : " (each cluster lists fewer candidates than it has)"));
    }
    record Head(int index, int m, double value, String id) {}
    PriorityQueue<Head> heap = new PriorityQueue<>((a, b) -> {
      int c = Double.compare(b.value(), a.value());
      return c != 0 ? c : a.id().compareTo(b.id());
    });
    long[] caps = new long[clusters.size()];
    for (int i = 0; i < clusters.size(); i++) {
      ClusterCandidates c = clusters.get(i);
      caps[i] = cap(c, budget);
      if (caps[i] > 0) heap.add(new Head(i, 1, value(c, 1), c.id(0)));
    }
    List<Pick> picks = new ArrayList<>(budget);
    double objective = 0;
    while (picks.size() < budget) {
      Head h = heap.poll();
      ClusterCandidates c = clusters.get(h.index());
      int at = h.m() - 1;
      picks.add(new Pick(c.id(at), c.informativeness(at), c.itemRho(at), h.value(), c.cluster()));
      objective += h.value();
      if (h.m() < caps[h.index()]) heap.add(new Head(h.index(), h.m() + 1, value(c, h.m() + 1), c.id(h.m())));
    }
    return new Allocation(picks, objective);
  }
}
