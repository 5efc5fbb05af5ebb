package org.ascmr.jobs.experiment;

import org.ascmr.data.EmbeddingColumns;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.strategy.StrategyName;
import org.ascmr.strategy.UncertaintyScores;

/**
 * Inter-modality: the pairs whose image and text the current model places farthest apart (the
 * smallest cosine of f_v and f_t); the score recorded is the negated similarity.
 */
public final class IntermodalStrategy implements SelectionStrategy {
  @Override
  public StrategyName name() {
    return StrategyName.INTERMODAL;
  }

  @Override
  public Selection select(RoundContext round) {
    return ScoredPicks.top(round.unlabelledEmbeddings(),
        r -> -UncertaintyScores.pairedCosine(RowArrays.floats(r, EmbeddingColumns.FV),
            RowArrays.floats(r, EmbeddingColumns.FT)),
        round.budget());
  }
}
