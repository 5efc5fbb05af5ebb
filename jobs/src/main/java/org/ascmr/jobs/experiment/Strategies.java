package org.ascmr.jobs.experiment;

import org.ascmr.strategy.StrategyName;

/** The one place that maps a strategy name to its implementation. */
public final class Strategies {
  private Strategies() {}

  public static SelectionStrategy of(StrategyName name) {
    return switch (name) {
      case RANDOM -> new RandomStrategy();
      case ENTROPY -> new EntropyStrategy();
      case BALD -> new BaldStrategy();
      case CORESET -> new CoresetStrategy();
      case BADGE -> new BadgeStrategy();
      case INTERMODAL -> new IntermodalStrategy();
      case ASCMR, ASCMR_START -> new CoverageStrategy(name);
      case ASCMR_PAPER, ASCMR_NODENSITY, DENSITY_ONLY -> new AscmrStrategy(name);
    };
  }
}
