package org.ascmr.jobs.experiment;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.ascmr.allocate.AllocateConfig;
import org.ascmr.allocate.Objective;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.data.ScoreColumns;
import org.ascmr.data.SelectionColumns;
import org.ascmr.experiment.RoundResult;
import org.ascmr.io.ArtifactKind;
import org.ascmr.jobs.allocate.AllocateJob;
import org.ascmr.jobs.density.DensityJob;
import org.ascmr.jobs.density.ScoreArtifact;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.score.ScoreJob;
import org.ascmr.strategy.StrategyName;

/**
 * The paper's method as reconstructed (ascmr-paper) and its two ablations, through the same stage jobs a production round runs:
 * score (probabilistic informativeness on the model's embeddings) -> density (kNN graph) ->
 * allocate (density-regularised budget allocation).
 * <ul>
 *   <li>ascmr-paper: allocate with the configured allocate.* settings;</li>
 *   <li>ascmr-nodensity: lambda = 0, i.e. top-b by informativeness (no density stage needed);</li>
 *   <li>density-only: allocate.objective = density, each pick worth its semantic density rho.</li>
 * </ul>
 */
public final class AscmrStrategy implements SelectionStrategy {
  private final StrategyName name;

  public AscmrStrategy(StrategyName name) {
    if (name != StrategyName.ASCMR_PAPER && name != StrategyName.ASCMR_NODENSITY && name != StrategyName.DENSITY_ONLY) {
      throw new IllegalArgumentException(name.id() + " is not a variant of the reconstruction");
    }
    this.name = name;
  }

  @Override
  public StrategyName name() {
    return name;
  }

  @Override
  public Selection select(RoundContext round) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    String scores = round.roundDir() + "/score";
    long t0 = System.nanoTime();
    ScoreJob.run(round.spark(), round.config(), new ScoreJob.Request(round.pool().path(), round.embeddings(),
        round.labelledPath(), null, scores, round.partitions(), false));
    seconds.put(RoundResult.SCORE, since(t0));

    if (name == StrategyName.ASCMR_NODENSITY) {
      Selection top = ScoredPicks.top(ScoreArtifact.read(round.spark(), scores).unlabelled()
          .select(col(ScoreColumns.ID), col(ScoreColumns.INFORMATIVENESS)), r -> r.getDouble(1), round.budget());
      return new Selection(top.ids(), top.scores(), seconds);
    }

    String density = round.roundDir() + "/density";
    long t1 = System.nanoTime();
    DensityJob.run(round.spark(), round.config(), scores, density, false, round.partitions());
    seconds.put(RoundResult.DENSITY, since(t1));

    ConfigSource allocate = name == StrategyName.DENSITY_ONLY
        ? round.config().with(AllocateConfig.OBJECTIVE.key(), Setting.enumName(Objective.DENSITY))
        : round.config();
    String out = round.roundDir() + "/allocation";
    AllocateJob.run(round.spark(), allocate, scores, density, round.budget(), round.round(), out, false);
    List<Row> picks = Tables.read(round.spark(), out, ArtifactKind.SELECTION).rows()
        .orderBy(col(SelectionColumns.RANK)).select(SelectionColumns.ID, SelectionColumns.INFORMATIVENESS,
            SelectionColumns.RHO).collectAsList();
    List<String> ids = new ArrayList<>(picks.size());
    double[] values = new double[picks.size()];
    for (int i = 0; i < picks.size(); i++) {
      ids.add(picks.get(i).getString(0));
      values[i] = name == StrategyName.DENSITY_ONLY ? picks.get(i).getDouble(2) : picks.get(i).getDouble(1);
    }
    return new Selection(ids, values, seconds);
  }

  private static double since(long t) {
    return (System.nanoTime() - t) / 1e9;
  }
}
