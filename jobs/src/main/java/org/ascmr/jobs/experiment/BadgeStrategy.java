package org.ascmr.jobs.experiment;

import java.util.ArrayList;
import java.util.List;
import org.ascmr.strategy.BadgeEmbedding;
import org.ascmr.strategy.KMeansPlusPlusSeeding;
import org.ascmr.strategy.StrategyName;

/**
 * BADGE: gradient embeddings over all C labels of both modalities (hypothetical labels from the
 * model's own predictions), then k-means++ seeding. Runs on the driver over a seeded sample of U
 * (experiment.candidateCap); the score recorded is each pick's gradient norm.
 */
public final class BadgeStrategy implements SelectionStrategy {
  @Override
  public StrategyName name() {
    return StrategyName.BADGE;
  }

  @Override
  public Selection select(RoundContext round) {
    DriverCandidates c = DriverCandidates.collect(round.unlabelledEmbeddings(), round.experiment().candidateCap(),
        round.roundSeed());
    List<BadgeEmbedding> g = new ArrayList<>(c.size());
    for (int i = 0; i < c.size(); i++) {
      g.add(BadgeEmbedding.of(c.fv.get(i), c.logitsV.get(i), c.ft.get(i), c.logitsT.get(i)));
    }
    List<Integer> picks = KMeansPlusPlusSeeding.select(g, round.budget(), round.roundSeed());
    double[] scores = picks.stream().mapToDouble(i -> Math.sqrt(g.get(i).squaredNorm())).toArray();
    return new Selection(picks.stream().map(c.ids::get).toList(), scores);
  }
}
