package org.ascmr.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ascmr.density.DensityConfig;
import org.ascmr.density.Neighbours;
import org.ascmr.density.RecallAtK;
import org.ascmr.jobs.density.KnnGraphBuilder;
import org.ascmr.jobs.density.RecallCheck;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.jobs.spark.StageScope;

/**
 * The density benchmark on SYNTHETIC vectors ({@link SyntheticVectors}): the IVF kNN graph of
 * all n items (time, recall@k on sampled queries), exact brute force for the same queries, and
 * Spark MLlib's BucketedRandomProjectionLSH (approxSimilarityJoin of the queries against the
 * data, top-k per query) at the requested settings.
 */
public final class DensityBenchmark {
  /** One LSH setting to try. */
  public record LshSetting(double bucketLength, int tables) {}

  private DensityBenchmark() {}

  public static void run(SparkSession spark, Dataset<Row> data, long n, String description, DensityConfig cfg,
      int partitions, int queries, int kernelItems, List<LshSetting> lsh, int lshScale, PrintWriter out) {
    out.println("== density benchmark on " + description);
    out.printf("items %,d, k %d, recall queries %d, partitions %d, Spark %s on %s, load average %.2f%n", n, cfg.k(),
        queries, partitions, spark.version(), spark.sparkContext().master(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.flush();
    if (kernelItems > 0) KernelBenchmark.run(kernelItems, queries, dim(data), cfg.k(), out);
    data = data.persist(StorageLevel.MEMORY_AND_DISK());
    long t0 = System.nanoTime();
    data.count();
    out.printf("data materialised in %.1f s (not counted below)%n", secs(t0));

    RecallCheck.Queries q = RecallCheck.sample(data, KnnGraphBuilder.recallSeed(cfg), queries, n);
    long t1 = System.nanoTime();
    List<Neighbours> truth = RecallCheck.exact(spark, data, q, cfg.k());
    double exactSeconds = secs(t1);
    out.printf("exact brute force in Spark: %d queries x %,d items in %.1f s (%,.0f queries/s; all %,d queries would"
        + " take about %.0f s, extrapolated)%n", q.ids().length, n, exactSeconds, q.ids().length / exactSeconds, n,
        exactSeconds * n / q.ids().length);
    out.flush();

    DensityConfig noRecall = new DensityConfig(cfg.k(), cfg.clusters(), cfg.nprobe(), cfg.sampleSize(),
        cfg.kmeansIterations(), cfg.projectionDims(), 0, 0.0, cfg.maxBlockRows(), cfg.seed());
    long t2 = System.nanoTime();
    KnnGraphBuilder.Result r;
    try (StageScope scope = StageScope.open(spark, "bench-density", "IVF kNN graph of synthetic vectors")) {
      r = KnnGraphBuilder.build(spark, data, "synthetic", noRecall, partitions, scope);
      r.table().write().format("noop").mode("overwrite").save();
    }
    double ivfSeconds = secs(t2);
    RecallAtK recall = RecallCheck.recall(q.ids(), RecallCheck.lists(r.directed(), r.ranks(), q.ids()), truth, cfg.k());
    KnnGraphBuilder.release(r);
    KnnGraphBuilder.Stats s = r.stats();
    out.printf("IVF kNN graph (all %,d items, symmetrised, rho): %.1f s; recall@%d %.4f on %d queries;"
        + " clusters %d (sizes %d..%d), nprobe %d, k-means sample %,d; steps %s%n", n, ivfSeconds, cfg.k(),
        recall.result(), recall.queries(), s.clusters(), s.smallestCluster(), s.largestCluster(), s.nprobe(),
        s.kmeansSample(), rounded(s.seconds()));
    out.flush();

    if (lsh.isEmpty()) return;
    double threshold = 0;
    for (Neighbours nb : truth) {
      float kth = nb.similarities()[nb.size() - 1];
      threshold = Math.max(threshold, Math.sqrt(Math.max(0, 2 - 2 * kth)));
    }
    out.printf("MLlib BucketedRandomProjectionLSH: approxSimilarityJoin(queries, data, threshold %.4f = largest"
        + " exact %d-th neighbour distance), top-%d per query%n", threshold, cfg.k(), cfg.k());
    StructType vs = new StructType().add("id", DataTypes.StringType).add("v", new VectorUDT());
    Dataset<Row> vectors = data.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) row -> {
      float[] u = RowArrays.floats(row, 2);
      double[] d = new double[u.length];
      for (int i = 0; i < d.length; i++) d[i] = u[i];
      return RowFactory.create(row.getString(0), org.apache.spark.ml.linalg.Vectors.dense(d));
    }, Encoders.row(vs)).persist(StorageLevel.MEMORY_AND_DISK());
    vectors.count();
    List<Row> queryRows = new ArrayList<>();
    for (int i = 0; i < q.ids().length; i++) {
      double[] d = new double[q.vectors()[i].length];
      for (int j = 0; j < d.length; j++) d[j] = q.vectors()[i][j];
      queryRows.add(RowFactory.create(q.ids()[i], org.apache.spark.ml.linalg.Vectors.dense(d)));
    }
    Dataset<Row> queryDf = spark.createDataFrame(queryRows, vs);
    for (LshSetting setting : lsh) {
      BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH().setInputCol("v").setOutputCol("h")
          .setBucketLength(setting.bucketLength()).setNumHashTables(setting.tables()).setSeed(cfg.seed())
          .fit(vectors);
      long t3 = System.nanoTime();
      Map<String, Neighbours> found = lshTopK(model, queryDf, vectors, threshold, cfg.k());
      double lshSeconds = secs(t3);
      RecallAtK lr = RecallCheck.recall(q.ids(), found, truth, cfg.k());
      String scaled = "";
      if (lshScale > 1 && (long) q.ids().length * lshScale < n) {
        // time a larger query set (vectors taken from the data) to separate fixed from per-query cost
        int bigger = q.ids().length * lshScale;
        Dataset<Row> more = vectors.orderBy(col("id")).limit(bigger).persist(StorageLevel.MEMORY_AND_DISK());
        more.count();
        long t4 = System.nanoTime();
        lshTopK(model, more, vectors, threshold, cfg.k());
        double big = secs(t4);
        more.unpersist();
        double perQuery = (big - lshSeconds) / (bigger - q.ids().length);
        double all = lshSeconds + perQuery * (n - q.ids().length);
        scaled = String.format("; %,d queries %.1f s -> all %,d queries about %.0f s (linear extrapolation),"
            + " %.1fx the IVF graph's %.1f s", bigger, big, n, all, all / ivfSeconds, ivfSeconds);
      }
      out.printf("  bucketLength %.3f, tables %d: %d queries in %.1f s, recall@%d %.4f%s%n", setting.bucketLength(),
          setting.tables(), q.ids().length, lshSeconds, cfg.k(), lr.result(), scaled);
      out.flush();
    }
    vectors.unpersist();
    data.unpersist();
  }

  private static Map<String, Neighbours> lshTopK(BucketedRandomProjectionLSHModel model, Dataset<Row> queries,
      Dataset<Row> data, double threshold, int k) {
    Dataset<Row> pairs = model.approxSimilarityJoin(queries, data, threshold, "dist")
        .select(col("datasetA.id").as("q"), col("datasetB.id").as("c"), col("dist"))
        .where(col("q").notEqual(col("c")))
        .withColumn("r", row_number().over(Window.partitionBy(col("q")).orderBy(col("dist"), col("c"))))
        .where(col("r").leq(k));
    Map<String, List<Row>> byQuery = new HashMap<>();
    for (Row r : pairs.collectAsList()) byQuery.computeIfAbsent(r.getString(0), x -> new ArrayList<>()).add(r);
    Map<String, Neighbours> out = new HashMap<>();
    byQuery.forEach((id, rows) -> {
      rows.sort((a, b) -> Integer.compare(a.getInt(3), b.getInt(3)));
      String[] ids = new String[rows.size()];
      float[] sims = new float[rows.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = rows.get(i).getString(1);
        double d = rows.get(i).getDouble(2);
        sims[i] = (float) (1 - d * d / 2);
      }
      out.put(id, new Neighbours(ids, sims));
    });
    return out;
  }

  private static int dim(Dataset<Row> data) {
    return RowArrays.floats(data.first(), 2).length;
  }

  private static Map<String, String> rounded(Map<String, Double> seconds) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    seconds.forEach((k, v) -> out.put(k, String.format("%.1fs", v)));
    return out;
  }

  static double secs(long t) {
    return (System.nanoTime() - t) / 1e9;
  }
}
