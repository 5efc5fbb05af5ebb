package org.ascmr.jobs.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ascmr.jobs.io.PoolTable;

/**
 * What {@code ascmr evaluate} prints: per split I2T/T2I/mean mAP@all, plus what was evaluated.
 * JSON shape: {@code {"test": {"i2t", "t2i", "mean", "items", "imageQueries", "textQueries"},
 * "val": {...}, "method": "cca", "cca": {dims, ridge, correlations, candidates, ...}, "pool": ..,
 * "labelled": {"path", "rows"} or null, "seconds": {"fit": .., "evaluate": ..}}}.
 */
public record EvaluationResult(String method, String pool, List<SplitResult> splits, Map<String, Object> details,
    Map<String, Object> labelled, Map<String, Double> seconds) {

  public EvaluationResult {
    splits = List.copyOf(splits);
    seconds = new LinkedHashMap<>(seconds);
  }

  public SplitResult split(String name) {
    for (SplitResult s : splits) if (s.split().equals(name)) return s;
    return null;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (SplitResult s : splits) m.put(s.split(), s.toJson());
    m.put("method", method);
    m.put(method, details);
    m.put("pool", pool);
    m.put("labelled", labelled);
    m.put("seconds", seconds);
    return m;
  }

  /**
   * The labelled-set table named by {@code --labelled}, read and checked against the pool now so a
   * wrong path fails before any fitting; null when none was given. Methods that train on labels
   * use it; CCA is unsupervised and only reports it.
   */
  public static Map<String, Object> labelledInfo(SparkSession spark, PoolTable pool, String labelledPath) {
    if (labelledPath == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", labelledPath);
    m.put("rows", pool.readLabelled(spark, labelledPath).count());
    return m;
  }
}
