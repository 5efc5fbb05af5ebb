package org.ascmr.jobs.experiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.Split;
import org.ascmr.experiment.RoundResult;
import org.ascmr.io.ArtifactKind;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.select.CoverageSpace;
import org.ascmr.select.CoverageConfig;
import org.ascmr.strategy.StrategyName;
import org.ascmr.strategy.UncertaintyScores;

/**
 * {@code ascmr}: the method as this project runs it (docs/method.md). The density term becomes
 * coverage of a label-free space (TypicalCoverage: one typical pair from each region of the
 * pool without a label), and informativeness (the current model's label-space uncertainty) is
 * weighted in inside each region once the labelled fraction reaches select.uncertaintyFrom. Runs on
 * the driver over every train pair of the pool, id-sorted (the pools of an experiment are small; a
 * round over millions would take its neighbours from the density stage instead).
 */
public final class CoverageStrategy implements SelectionStrategy {
  private final StrategyName name;

  public CoverageStrategy(StrategyName name) {
    if (name != StrategyName.ASCMR && name != StrategyName.ASCMR_START) {
      throw new IllegalArgumentException(name.id() + " is not a coverage strategy");
    }
    this.name = name;
  }

  @Override
  public StrategyName name() {
    return name;
  }

  /**
   * The initial labelled set of a strategy that chooses its start: {@code count} pairs by the same
   * coverage selection with nothing labelled, in the label-free CCA space (there is no model yet).
   */
  public static List<String> start(SparkSession spark, PoolTable pool, ConfigSource config, int count, long seed) {
    return CoverageSpace.cca(spark, pool, config)
        .pick(Set.of(), null, 0, count, CoverageConfig.from(config), seed).stream().map(CoverageSpace.Picked::id)
        .toList();
  }

  @Override
  public Selection select(RoundContext round) {
    CoverageConfig cfg = CoverageConfig.from(round.config());
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    CoverageSpace space = CoverageSpace.of(cfg, round.spark(), round.pool(), round.config(), round::embeddings);
    seconds.put(RoundResult.DENSITY, (System.nanoTime() - t0) / 1e9);

    Set<String> labelled = new HashSet<>(round.labelledIds().as(Encoders.STRING()).collectAsList());
    double weight = cfg.weightAt((double) labelled.size() / space.size());
    double[] uncertainty = weight > 0 ? uncertainty(round, space.ids()) : null;
    List<CoverageSpace.Picked> picks = space.pick(labelled, uncertainty, weight, round.budget(), cfg,
        round.roundSeed());
    List<String> ids = new ArrayList<>(picks.size());
    double[] scores = new double[picks.size()];
    for (int i = 0; i < picks.size(); i++) {
      ids.add(picks.get(i).id());
      scores[i] = picks.get(i).pick().score();
    }
    return new Selection(ids, scores, seconds);
  }

  /** Mean binary label entropy of both modalities for each id (the entropy baseline's score), in the given order. */
  private static double[] uncertainty(RoundContext round, List<String> ids) {
    List<Row> rows = Tables.read(round.spark(), round.embeddings(), ArtifactKind.EMBEDDINGS).rows()
        .where(col(EmbeddingColumns.SPLIT).equalTo(lit(Split.TRAIN.id())))
        .select(EmbeddingColumns.ID, EmbeddingColumns.LOGITS_V, EmbeddingColumns.LOGITS_T)
        .orderBy(EmbeddingColumns.ID).collectAsList();
    if (rows.size() != ids.size()) {
      throw new IllegalStateException("embeddings have " + rows.size() + " train rows, the pool " + ids.size());
    }
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      Row r = rows.get(i);
      if (!r.getString(0).equals(ids.get(i))) throw new IllegalStateException("embeddings and pool ids differ at " + i);
      out[i] = UncertaintyScores.meanEntropy(RowArrays.floats(r, 1), RowArrays.floats(r, 2));
    }
    return out;
  }
}
