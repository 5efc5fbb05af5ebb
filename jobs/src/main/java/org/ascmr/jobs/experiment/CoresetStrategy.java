package org.ascmr.jobs.experiment;

import org.ascmr.select.FusedFeatures;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.strategy.KCenterGreedy;
import org.ascmr.strategy.StrategyName;

/**
 * Core-set: k-center greedy on the joint embedding, with the labelled pairs as the initial centres.
 * Runs on the driver over a seeded sample of U (experiment.candidateCap) and all of L.
 */
public final class CoresetStrategy implements SelectionStrategy {
  @Override
  public StrategyName name() {
    return StrategyName.CORESET;
  }

  @Override
  public Selection select(RoundContext round) {
    DriverCandidates c = DriverCandidates.collect(round.unlabelledEmbeddings(), round.experiment().candidateCap(),
        round.roundSeed());
    float[][] candidates = new float[c.size()][];
    for (int i = 0; i < c.size(); i++) candidates[i] = c.joint(i);
    List<float[]> centres = new ArrayList<>();
    for (Row r : round.labelledEmbeddings().collectAsList()) {
      centres.add(FusedFeatures.joint(RowArrays.floats(r, EmbeddingColumns.FV), RowArrays.floats(r, EmbeddingColumns.FT)));
    }
    List<Integer> picks = KCenterGreedy.select(candidates, centres.toArray(new float[0][]), round.budget());
    return new Selection(picks.stream().map(c.ids::get).toList(), null);
  }
}
