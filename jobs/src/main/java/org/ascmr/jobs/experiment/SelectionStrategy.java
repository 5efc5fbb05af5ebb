package org.ascmr.jobs.experiment;

import org.ascmr.strategy.StrategyName;

/**
 * One way of choosing the next pairs to label (method.md §7). Every strategy sees the same round
 * state and must return exactly the budget of unlabelled train ids, deterministically for the
 * round's seed.
 */
public interface SelectionStrategy {
  StrategyName name();

  Selection select(RoundContext round);
}
