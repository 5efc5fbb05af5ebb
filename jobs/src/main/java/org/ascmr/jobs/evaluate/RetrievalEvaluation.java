package org.ascmr.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Split;
import org.ascmr.eval.MeanAveragePrecision;
import org.ascmr.eval.RetrievalMap;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.spark.StageScope;

/**
 * Scores any {@link PairEmbedder} on pool splits with mAP@all (method.md §3): the split's rows are
 * embedded on the executors, the vectors collected to the driver in id order, and
 * {@link MeanAveragePrecision} ranks every query against the whole split in blocks.
 */
public final class RetrievalEvaluation {
  private RetrievalEvaluation() {}

  /**
   * Scores {@code embedder} on test and val and assembles what {@code ascmr evaluate} prints.
   *
   * @param labelled what {@link EvaluationResult#labelledInfo} said about --labelled (or null)
   * @param seconds  timings of the earlier steps (fit, load, ...); "evaluate" is added
   */
  public static EvaluationResult evaluate(SparkSession spark, PoolTable pool, PairEmbedder embedder,
      Map<String, Object> labelled, Map<String, Double> seconds) {
    Map<String, Double> times = new LinkedHashMap<>(seconds);
    long start = System.nanoTime();
    List<SplitResult> splits;
    try (StageScope s = StageScope.open(spark, "evaluate", "mAP@all of " + embedder.method() + " on test and val")) {
      splits = run(pool, embedder, List.of(Split.TEST, Split.VAL));
    }
    times.put("evaluate", (System.nanoTime() - start) / 1e9);
    return new EvaluationResult(embedder.method(), pool.path(), splits, embedder.describe(), labelled, times);
  }

  public static List<SplitResult> run(PoolTable pool, PairEmbedder embedder, List<Split> splits) {
    List<SplitResult> out = new ArrayList<>();
    Dataset<Row> wanted = pool.rows().where(col(PoolColumns.SPLIT).isin(splits.stream().map(Split::id).toArray()));
    Dataset<Row> embedded = embedder.embed(wanted).cache();
    try {
      for (Split s : splits) {
        SplitArrays a = SplitArrays.collect(embedded.where(col(PoolColumns.SPLIT).equalTo(lit(s.id()))),
            EmbeddingColumns.FV, EmbeddingColumns.FT, pool.path());
        RetrievalMap map = new MeanAveragePrecision().evaluate(a.image(), a.text(), a.labels());
        out.add(new SplitResult(s.id(), a.size(), map));
      }
    } finally {
      embedded.unpersist();
    }
    return out;
  }
}
