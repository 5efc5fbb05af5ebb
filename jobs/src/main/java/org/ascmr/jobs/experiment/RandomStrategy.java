package org.ascmr.jobs.experiment;

import org.ascmr.data.PoolColumns;
import org.ascmr.data.SeededSplit;
import org.ascmr.strategy.StrategyName;

/** Random: a seeded uniform sample of U, drawn by id hash so it does not depend on partitioning. */
public final class RandomStrategy implements SelectionStrategy {
  @Override
  public StrategyName name() {
    return StrategyName.RANDOM;
  }

  @Override
  public Selection select(RoundContext round) {
    long seed = round.roundSeed();
    Selection s = ScoredPicks.top(round.unlabelledPool().select(PoolColumns.ID),
        r -> SeededSplit.unit(seed, 17, r.getString(0)), round.budget());
    return new Selection(s.ids(), null);
  }
}
