package org.ascmr.jobs.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the one SparkSession of a CLI run from our settings plus the Spark passthrough keys. */
public final class SparkSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

  private SparkSessions() {}

  /**
   * Returns the active session or builds one. A master set by spark-submit (system property
   * spark.master) wins over {@code spark.master} in our config, so one config serves both; so does
   * any other Spark property spark-submit set.
   */
  public static SparkSession getOrCreate(SparkSettings settings, Map<String, String> sparkProperties) {
    SparkSession.Builder builder = SparkSession.builder().appName(settings.appName());
    SparkConf fromSubmit = new SparkConf(true);
    if (!fromSubmit.contains("spark.master")) {
      builder.master(settings.master());
    }
    // Defaults that suit our jobs; any of them can be overridden below spark.conf.
    builder.config("spark.sql.parquet.compression.codec", "snappy");
    builder.config("spark.sql.session.timeZone", "UTC");
    // The executors' resident set (heap + ND4J's native memory + everything else) in the executor
    // metrics: what YARN/Kubernetes kill on, recorded in each stage's metadata.
    builder.config("spark.executor.processTreeMetrics.enabled", "true");
    // Under spark-submit (or the Kubernetes operator) what was submitted wins: executor sizes set per
    // stage at submit time must not be overridden by the shared config file once the driver runs.
    sparkProperties.forEach((k, v) -> {
      if (!fromSubmit.contains(k)) {
        builder.config(k, v);
      } else if (!fromSubmit.get(k).equals(v)) {
        LOG.info("{}: keeping the submitted value '{}' over the config file's '{}'", k, fromSubmit.get(k), v);
      }
    });
    SparkSession spark = builder.getOrCreate();
    ProgressListener.installOn(spark.sparkContext());
    ExecutorMemoryListener.installOn(spark.sparkContext());
    LOG.info("Spark {} session on {} (default parallelism {})", spark.version(), spark.sparkContext().master(),
        spark.sparkContext().defaultParallelism());
    return spark;
  }

  /** Number of partitions for per-row work: the configured count, else Spark's default parallelism. */
  public static int partitions(SparkSession spark, SparkSettings settings) {
    return settings.partitions() > 0 ? settings.partitions() : spark.sparkContext().defaultParallelism();
  }
}
