package org.ascmr.cli;

import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.jobs.spark.SparkSessions;
import org.ascmr.jobs.spark.SparkSettings;

/**
 * What a stage command runs with: validated settings first (a bad key fails in a second, before
 * Spark starts), then a Spark session on first use. Stops only a session it started, so tests
 * can run commands in-process against their shared session.
 */
public final class JobEnv implements AutoCloseable {
  private final ConfigSource config;
  private final SparkSettings sparkSettings;
  private SparkSession spark;
  private boolean ownsSession;

  private JobEnv(ConfigSource config) {
    this.config = config;
    this.sparkSettings = SparkSettings.from(config);
  }

  /**
   * Loads {@code --conf} and {@code --set}, rejects unknown keys and validates every value
   * ({@link SettingsCatalog#load}); Spark starts later, on first use.
   */
  public static JobEnv start(SettingsOptions options) {
    return new JobEnv(SettingsCatalog.load(options.conf(), options.overrides()));
  }

  public ConfigSource config() {
    return config;
  }

  public SparkSettings sparkSettings() {
    return sparkSettings;
  }

  public SparkSession spark() {
    if (spark == null) {
      ownsSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
      spark = SparkSessions.getOrCreate(sparkSettings, config.sparkProperties());
    }
    return spark;
  }

  public int partitions() {
    return SparkSessions.partitions(spark(), sparkSettings);
  }

  @Override
  public void close() {
    if (spark != null && ownsSession) spark.stop();
  }
}
