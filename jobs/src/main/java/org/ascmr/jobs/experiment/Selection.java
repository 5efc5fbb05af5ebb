package org.ascmr.jobs.experiment;

import java.util.List;
import java.util.Map;

/**
 * The pairs a strategy picked in one round, in pick order, with the strategy's own score of each
 * (its "informativeness"; null when the strategy has no score, as random and core-set), and the
 * seconds of the pipeline stages it ran itself (score, density) for the report.
 */
public record Selection(List<String> ids, double[] scores, Map<String, Double> stageSeconds) {
  public Selection {
    ids = List.copyOf(ids);
    stageSeconds = stageSeconds == null ? Map.of() : Map.copyOf(stageSeconds);
    if (scores != null && scores.length != ids.size()) {
      throw new IllegalArgumentException("one score per id: " + scores.length + " for " + ids.size());
    }
  }

  public Selection(List<String> ids, double[] scores) {
    this(ids, scores, Map.of());
  }

  public int size() {
    return ids.size();
  }
}
