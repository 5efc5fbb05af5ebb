package org.ascmr.testing;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One small local[2] Spark session per test JVM (classes share it; nobody stops it but the JVM's
 * exit), so the suite pays Spark's start-up once.
 */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      Path warehouse = Path.of("target", "spark-warehouse").toAbsolutePath();
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("ascmr-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.warehouse.dir", warehouse.toString())
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }
}
