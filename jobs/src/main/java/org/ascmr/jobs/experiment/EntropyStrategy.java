package org.ascmr.jobs.experiment;

import org.ascmr.data.EmbeddingColumns;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.strategy.StrategyName;
import org.ascmr.strategy.UncertaintyScores;

/** Entropy: the highest mean binary entropy of the per-label probabilities of both modalities. */
public final class EntropyStrategy implements SelectionStrategy {
  @Override
  public StrategyName name() {
    return StrategyName.ENTROPY;
  }

  @Override
  public Selection select(RoundContext round) {
    return ScoredPicks.top(round.unlabelledEmbeddings(),
        r -> UncertaintyScores.meanEntropy(RowArrays.floats(r, EmbeddingColumns.LOGITS_V),
            RowArrays.floats(r, EmbeddingColumns.LOGITS_T)),
        round.budget());
  }
}
