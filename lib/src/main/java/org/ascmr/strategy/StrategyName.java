package org.ascmr.strategy;

import java.util.Locale;

/**
 * The selection strategies compared by the experiment (method.md §7), by the names used in
 * config and outputs.
 */
public enum StrategyName {
  /** Seeded uniform sample of U. */
  RANDOM,
  /** Mean binary entropy of per-label probabilities. */
  ENTROPY,
  /** Mutual information between labels and weights under MC dropout. */
  BALD,
  /** k-center greedy on the fused embedding. */
  CORESET,
  /** Gradient embeddings over all C labels + k-means++ seeding. */
  BADGE,
  /** Smallest paired similarity of image and text. */
  INTERMODAL,
  /**
   * The method as this project runs it (docs/method.md): coverage of a label-free space (one
   * typical pair per region without a label), the model's uncertainty weighted in later.
   */
  ASCMR,
  /**
   * ascmr choosing its own initial labelled set too (the same coverage selection with no labels)
   * instead of the shared random one: measures what a typical start is worth on its own.
   */
  ASCMR_START,
  /** The paper's method as reconstructed: probabilistic informativeness + density-aware allocation. */
  ASCMR_PAPER,
  /** ascmr-paper with lambda = 0: top-b by informativeness. */
  ASCMR_NODENSITY,
  /** ascmr-paper's density-regularised allocation of representativeness alone (informativeness left out). */
  DENSITY_ONLY;

  /** The spelling in config and outputs, e.g. "ascmr-nodensity". */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the strategy picks its own initial labelled set instead of the seed's shared random one. */
  public boolean choosesItsStart() {
    return this == ASCMR_START;
  }

  public static StrategyName parse(String id) {
    for (StrategyName s : values()) if (s.id().equals(id.trim())) return s;
    return null;
  }
}
