package org.ascmr.jobs.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;
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
import org.ascmr.jobs.spark.IdOrderedAggregate;
import org.ascmr.jobs.spark.StageScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr evaluate --method cca}: fits linear CCA on the pool's train pairs (unsupervised:
 * labels are not used), chooses dims and ridge on val when {@link CcaConfig} lists several, and
 * scores test and val with mAP@all.
 *
 * <p>The train split is never collected: each id bucket accumulates {@link CrossMoments} (sums
 * of z and z z' for z = [image, text]) in id order and the driver merges the buckets in order
 * ({@link IdOrderedAggregate}), so the fit is the same whatever the pool's files and partitions,
 * and the driver holds a few (p+q)^2 matrices whatever the pool size. Val (for the choice) and
 * test rows are collected.
 */
public final class CcaEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(CcaEvaluation.class);

  private CcaEvaluation() {}

  /** Fits and scores in one go. */
  public static EvaluationResult run(SparkSession spark, PoolTable pool, CcaConfig config, String labelledPath) {
    Map<String, Object> labelled = EvaluationResult.labelledInfo(spark, pool, labelledPath);
    long start = System.nanoTime();
    CcaEmbedder embedder = fit(spark, pool, config);
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("fit", (System.nanoTime() - start) / 1e9);
    return RetrievalEvaluation.evaluate(spark, pool, embedder, labelled, seconds);
  }

  /** Fits CCA on the train pairs and, if there are several candidates, chooses on val. */
  public static CcaEmbedder fit(SparkSession spark, PoolTable pool, CcaConfig config) {
    int p = pool.info().imageDim();
    int q = pool.info().textDim();
    try (StageScope s = StageScope.open(spark, "evaluate", "fit cca on the train pairs")) {
      Dataset<Row> train = pool.split(Split.TRAIN).select(PoolColumns.ID, PoolColumns.IMAGE, PoolColumns.TEXT);
      // Summed in id order per bucket, not per input partition: the CCA space (and the coverage
      // selection that clusters it) must not change with the pool's files or spark.partitions.
      long start = System.nanoTime();
      CrossMoments moments = IdOrderedAggregate.aggregate(train, PoolColumns.ID, pool.info().rows(Split.TRAIN),
          new Accumulate(p, q, pool.path()));
      double secs = (System.nanoTime() - start) / 1e9;
      LOG.info("cca moments: {} rows in {} ({} rows/s)", moments.count(), String.format("%.1f s", secs),
          String.format("%.0f", moments.count() / Math.max(secs, 1e-9)));
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

  /** Sums of one bucket's pairs; checks each vector's length against the pool's dimensions. */
  private static final class Accumulate implements IdOrderedAggregate.Folder<CrossMoments> {
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
    public CrossMoments zero() {
      return new CrossMoments(p, q);
    }

    @Override
    public CrossMoments add(CrossMoments acc, Row r) {
      float[] x = RowArrays.floats(r, 1);
      float[] y = RowArrays.floats(r, 2);
      if (x.length != p) throw wrongLength(r.getString(0), PoolColumns.IMAGE, p, x.length);
      if (y.length != q) throw wrongLength(r.getString(0), PoolColumns.TEXT, q, y.length);
      return acc.add(x, y);
    }

    @Override
    public CrossMoments merge(CrossMoments left, CrossMoments right) {
      return left.merge(right);
    }

    private BadInputException wrongLength(String id, String field, int expected, int found) {
      return new BadInputException(source, "id " + id, field, "expected " + expected + " values (pool metadata), found "
          + found);
    }
  }
}
