package org.ascmr.jobs.evaluate;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.cca.CcaConfig;
import org.ascmr.cca.CcaSelection;
import org.ascmr.cca.CrossMoments;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Split;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.spark.StageScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr evaluate --method cca}: fits linear CCA on the pool's train pairs (unsupervised:
 * labels are not used), chooses dims and ridge on val when {@link CcaConfig} lists several, and
 * scores test and val with mAP@all.
 *
 * <p>The train split is never collected: each partition accumulates {@link CrossMoments} (sums
 * of z and z z' for z = [image, text]) and the partial sums are tree-reduced, so the driver holds
 * one (p+q)^2 matrix whatever the pool size. Val (for the choice) and test rows are collected.
 */
public final class CcaEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(CcaEvaluation.class);

  private CcaEvaluation() {}

  /** Fits and scores in one go; {@code partitions} > 0 repartitions the train rows first. */
  public static EvaluationResult run(SparkSession spark, PoolTable pool, CcaConfig config, int partitions,
      String labelledPath) {
    Map<String, Object> labelled = EvaluationResult.labelledInfo(spark, pool, labelledPath);
    long start = System.nanoTime();
    CcaEmbedder embedder = fit(spark, pool, config, partitions);
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("fit", (System.nanoTime() - start) / 1e9);
    return RetrievalEvaluation.evaluate(spark, pool, embedder, labelled, seconds);
  }

  /** Fits CCA on the train pairs and, if there are several candidates, chooses on val. */
  public static CcaEmbedder fit(SparkSession spark, PoolTable pool, CcaConfig config, int partitions) {
    int p = pool.info().imageDim();
    int q = pool.info().textDim();
    try (StageScope s = StageScope.open(spark, "evaluate", "fit cca on the train pairs")) {
      Dataset<Row> train = pool.split(Split.TRAIN).select(PoolColumns.ID, PoolColumns.IMAGE, PoolColumns.TEXT);
      if (partitions > 0) train = train.repartition(partitions);
      JavaRDD<CrossMoments> partial = train.toJavaRDD().mapPartitions(new Accumulate(p, q, pool.path()));
      CrossMoments moments = partial.treeReduce(CrossMoments::merge);
      if (moments.count() < 2) {
        throw new StateException(pool.path(), "has " + moments.count() + " train rows; CCA needs at least 2");
      }
      s.step("choose dims and ridge on val");
      SplitArrays val = SplitArrays.collect(pool.split(Split.VAL), PoolColumns.IMAGE, PoolColumns.TEXT, pool.path());
      CcaSelection.Choice choice = CcaSelection.select(moments.result(), val.image(), val.text(), val.labels(), config);
      LOG.info("cca fitted on {} train pairs: dims {} ridge {} chosen from {} candidates on {} val rows; "
          + "first canonical correlation {}", moments.count(), choice.dims(), choice.ridge(),
          choice.candidates().size(), val.size(), String.format("%.4f", choice.model().correlations()[0]));
      return new CcaEmbedder(choice);
    }
  }

  /** One partition's moments; checks each vector's length against the pool's dimensions. */
  private static final class Accumulate implements FlatMapFunction<Iterator<Row>, CrossMoments> {
    private static final long serialVersionUID = 1L;
    private final int p;
    private final int q;
    private final String source;

    Accumulate(int p, int q, String source) {
      this.p = p;
      this.q = q;
      this.source = source;
    }

    @Override
    public Iterator<CrossMoments> call(Iterator<Row> rows) {
      long start = System.nanoTime();
      CrossMoments acc = new CrossMoments(p, q);
      while (rows.hasNext()) {
        Row r = rows.next();
        float[] x = RowArrays.floats(r, 1);
        float[] y = RowArrays.floats(r, 2);
        if (x.length != p) throw wrongLength(r.getString(0), PoolColumns.IMAGE, p, x.length);
        if (y.length != q) throw wrongLength(r.getString(0), PoolColumns.TEXT, q, y.length);
        acc.add(x, y);
      }
      double secs = (System.nanoTime() - start) / 1e9;
      LoggerFactory.getLogger(CcaEvaluation.class).info("cca moments: {} rows in {} ({} rows/s)", acc.count(),
          String.format("%.1f s", secs), String.format("%.0f", acc.count() / Math.max(secs, 1e-9)));
      return List.of(acc).iterator();
    }

    private BadInputException wrongLength(String id, String field, int expected, int found) {
      return new BadInputException(source, "id " + id, field, "expected " + expected + " values (pool metadata), found "
          + found);
    }
  }
}
