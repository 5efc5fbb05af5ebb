package org.ascmr.allocate;

/** Which solver of method.md §6 picks the batch. */
public enum Solver {
  /** Lazy greedy on the kNN graph (exact greedy; (1 - 1/e) while gains stay >= 0). */
  GREEDY,
  /** Cluster allocation by heap merge of per-cluster sorted lists (exact for its separable model). */
  CLUSTER
}
