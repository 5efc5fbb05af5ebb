package org.ascmr.jobs.experiment;

import org.ascmr.strategy.StrategyName;

/**
 * Where an experiment keeps its state under {@code <out>}: one directory per seed, strategy and
 * round, each round finished when its result.json exists. A rerun skips finished rounds, so an
 * interrupted experiment continues from the last completed round of each (strategy, seed).
 * <pre>
 *   experiment.json                         settings hash and pool the runs belong to
 *   runs/seed-S/labelled-0/                 initial labelled set, shared by every strategy
 *   runs/seed-S/ceiling/{model,result.json} full-supervision ceiling
 *   runs/seed-S/STRATEGY/round-R/           labelled/ (R > 0, or a strategy's own start), model/, embeddings/, score/,
 *                                           density/, allocation/, selection.json, result.json
 *   results.csv, results/ (Parquet), summary.json, report.html, *.png
 * </pre>
 */
public record ExperimentLayout(String out) {
  public static final String RESULT_FILE = "result.json";
  public static final String SELECTION_FILE = "selection.json";

  public String experimentFile() {
    return out + "/experiment.json";
  }

  public String seedDir(long seed) {
    return out + "/runs/seed-" + seed;
  }

  public String initialLabelled(long seed) {
    return seedDir(seed) + "/labelled-0";
  }

  public String ceilingDir(long seed) {
    return seedDir(seed) + "/ceiling";
  }

  public String roundDir(StrategyName strategy, long seed, int round) {
    return seedDir(seed) + "/" + strategy.id() + "/round-" + round;
  }

  /**
   * The labelled set a round trains on: in round 0 the seed's shared initial set, or the strategy's
   * own when it chooses its start ({@link StrategyName#choosesItsStart}).
   */
  public String labelled(StrategyName strategy, long seed, int round) {
    return round == 0 && !strategy.choosesItsStart() ? initialLabelled(seed)
        : roundDir(strategy, seed, round) + "/labelled";
  }

  public String model(StrategyName strategy, long seed, int round) {
    return roundDir(strategy, seed, round) + "/model";
  }

  public String resultsCsv() {
    return out + "/results.csv";
  }

  public String resultsTable() {
    return out + "/results";
  }

  public String summary() {
    return out + "/summary.json";
  }
}
