package org.ascmr.jobs.spark;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;

/**
 * Where and how the Spark jobs run. Under spark-submit the master comes from spark-submit and
 * {@code spark.master} is ignored; other Spark properties go below {@code spark.conf}.
 */
public record SparkSettings(String master, String appName, int partitions, boolean quietSpark) {
  public static final Setting<String> MASTER = Setting.ofString("spark.master", "local[2]",
      "Spark master for runs outside spark-submit", Check.nonEmpty());
  public static final Setting<String> APP_NAME = Setting.ofString("spark.appName", "ascmr",
      "Spark application name", Check.nonEmpty());
  public static final Setting<Integer> PARTITIONS = Setting.ofInt("spark.partitions", 0,
      "partitions for the pool's per-row stages; 0 = Spark's default parallelism", Check.atLeast(0));
  public static final Setting<Boolean> QUIET = Setting.ofBoolean("spark.quiet", true,
      "log Spark's own INFO lines at WARN so the stage progress stays readable");

  public static final List<Setting<?>> SETTINGS = List.of(MASTER, APP_NAME, PARTITIONS, QUIET);

  public SparkSettings {
    MASTER.check(master);
    APP_NAME.check(appName);
    PARTITIONS.check(partitions);
  }

  public static SparkSettings from(ConfigSource src) {
    return new SparkSettings(src.get(MASTER), src.get(APP_NAME), src.get(PARTITIONS), src.get(QUIET));
  }
}
