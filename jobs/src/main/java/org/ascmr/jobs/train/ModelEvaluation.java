package org.ascmr.jobs.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Split;
import org.ascmr.eval.MeanAveragePrecision;
import org.ascmr.eval.RetrievalMap;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;

/**
 * Retrieval mAP@all (method.md §3) of a trained model on a pool's val and test splits: the model
 * is broadcast, each split's labelled rows are embedded on the executors, and the features come
 * back to the driver (ordered by id, so ties break the same way every run) for
 * {@link MeanAveragePrecision}. {@code ascmr evaluate --model} uses this.
 */
public final class ModelEvaluation {

  /** mAP per split; a split without labelled rows is absent. */
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

  /** Evaluates the model at {@code modelDir} on the pool at {@code poolPath}. */
  public static Result evaluate(SparkSession spark, String poolPath, String modelDir) {
    ModelArtifact.Loaded model = ModelArtifact.read(Tables.store(spark), modelDir);
    PoolTable pool = PoolTable.read(spark, poolPath);
    model.spec().checkCompatible(poolPath, "pool", pool.info().imageDim(), pool.info().textDim(),
        pool.info().labelNames());
    try (StageScope s = StageScope.open(spark, "evaluate-model", "mAP of " + modelDir + " on " + poolPath)) {
      Broadcast<byte[]> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model.bytes());
      try {
        String key = "eval:" + Fingerprint.of(modelDir + model.metadata().fingerprint());
        Map<String, RetrievalMap> out = new LinkedHashMap<>();
        for (Split split : List.of(Split.TEST, Split.VAL)) {
          RetrievalMap m = evaluateSplit(pool, split, b, key);
          if (m != null) out.put(split.id(), m);
        }
        return new Result(out);
      } finally {
        b.destroy();
      }
    }
  }

  private static RetrievalMap evaluateSplit(PoolTable pool, Split split, Broadcast<byte[]> model, String key) {
    Dataset<Row> rows = pool.split(split).where(org.apache.spark.sql.functions.col(PoolColumns.LABELS).isNotNull());
    List<Row> embedded = ModelEmbedder.embed(rows, model, key, pool.path(), true)
        .orderBy(EmbeddingColumns.ID).collectAsList();
    if (embedded.isEmpty()) return null;
    List<float[]> fv = new ArrayList<>();
    List<float[]> ft = new ArrayList<>();
    List<float[]> y = new ArrayList<>();
    for (Row r : embedded) {
      fv.add(FloatColumns.read(r, 2));
      ft.add(FloatColumns.read(r, 3));
      y.add(FloatColumns.read(r, 6));
    }
    return new MeanAveragePrecision().evaluate(fv.toArray(float[][]::new), ft.toArray(float[][]::new),
        y.toArray(float[][]::new));
  }
}
