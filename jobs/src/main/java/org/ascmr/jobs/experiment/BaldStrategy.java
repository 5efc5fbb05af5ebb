package org.ascmr.jobs.experiment;

import org.ascmr.data.EmbeddingColumns;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.train.ModelArtifact;
import org.ascmr.model.RetrievalModel;
import org.ascmr.strategy.McDropout;
import org.ascmr.strategy.StrategyName;

/**
 * BALD with MC dropout: the model's own dropout (train.dropout, on the encoders' outputs) is kept
 * on for {@code experiment.baldPasses} stochastic passes; the highest mutual information between
 * the label predictions and the dropout masks is picked. Unlike the reference code, the model
 * really has dropout, so the score is not degenerate.
 */
public final class BaldStrategy implements SelectionStrategy {
  @Override
  public StrategyName name() {
    return StrategyName.BALD;
  }

  @Override
  public Selection select(RoundContext round) {
    RetrievalModel model = ModelArtifact.read(Tables.store(round.spark()), round.modelDir()).model();
    float[][] prototypes = model.prototypes();
    double dropout = model.spec().config().dropout();
    int passes = round.experiment().baldPasses();
    long seed = round.roundSeed();
    return ScoredPicks.top(round.unlabelledEmbeddings(),
        r -> McDropout.bald(RowArrays.floats(r, EmbeddingColumns.FV), RowArrays.floats(r, EmbeddingColumns.FT),
            prototypes, passes, dropout, seed, r.getString(r.fieldIndex(EmbeddingColumns.ID))),
        round.budget());
  }
}
