package org.ascmr.jobs.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.Split;
import org.ascmr.eval.RetrievalMap;
import org.ascmr.io.Json;
import org.ascmr.jobs.evaluate.EvaluationResult;
import org.ascmr.jobs.evaluate.RetrievalEvaluation;
import org.ascmr.jobs.evaluate.SplitResult;
import org.ascmr.jobs.io.PoolTable;

/**
 * Retrieval mAP@all (method.md §3) of a trained model on a pool's val and test splits, through
 * {@link RetrievalEvaluation} (rows embedded on the executors, vectors collected in id order,
 * {@link org.ascmr.eval.MeanAveragePrecision} on the driver). {@code ascmr evaluate --model} uses
 * {@link #run}; {@link #evaluate} gives just the numbers.
 */
public final class ModelEvaluation {

  /** mAP per split; a split without rows is absent. */
  public record Result(Map<String, RetrievalMap> bySplit) {
    public RetrievalMap val() {
      return bySplit.get(Split.VAL.id());
    }

    public RetrievalMap test() {
      return bySplit.get(Split.TEST.id());
    }

    /** {"test": {"i2t": .., "t2i": .., "mean": ..}, "val": {...}} */
    public Map<String, Map<String, Double>> asJsonTree() {
      Map<String, Map<String, Double>> out = new LinkedHashMap<>();
      bySplit.forEach((split, m) -> out.put(split, scores(m)));
      return out;
    }

    public String toJson() {
      return Json.pretty(asJsonTree());
    }
  }

  private ModelEvaluation() {}

  /** The three numbers of one evaluation, as the JSON outputs spell them. */
  public static Map<String, Double> scores(RetrievalMap m) {
    Map<String, Double> s = new LinkedHashMap<>();
    s.put("i2t", m.i2t());
    s.put("t2i", m.t2i());
    s.put("mean", m.mean());
    return s;
  }

  /** Test and val mAP of the model at {@code modelDir} on the pool at {@code poolPath}. */
  public static Result evaluate(SparkSession spark, String poolPath, String modelDir) {
    PoolTable pool = PoolTable.read(spark, poolPath);
    ModelPairEmbedder embedder = ModelPairEmbedder.load(spark, pool, modelDir);
    Map<String, RetrievalMap> out = new LinkedHashMap<>();
    for (SplitResult r : RetrievalEvaluation.run(pool, embedder, List.of(Split.TEST, Split.VAL))) {
      if (r.items() > 0) out.put(r.split(), r.map());
    }
    return new Result(out);
  }

  /**
   * What {@code ascmr evaluate --method model --model <dir>} prints (the same shape as for cca).
   *
   * @param labelledPath --labelled, reported only (the model was trained already)
   */
  public static EvaluationResult run(SparkSession spark, PoolTable pool, String modelDir, String labelledPath) {
    Map<String, Object> labelled = EvaluationResult.labelledInfo(spark, pool, labelledPath);
    long start = System.nanoTime();
    ModelPairEmbedder embedder = ModelPairEmbedder.load(spark, pool, modelDir);
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("load", (System.nanoTime() - start) / 1e9);
    return RetrievalEvaluation.evaluate(spark, pool, embedder, labelled, seconds);
  }
}
