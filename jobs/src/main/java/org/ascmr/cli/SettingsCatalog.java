package org.ascmr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ascmr.cca.CcaConfig;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.error.AscmrException;
import org.ascmr.error.ConfigException;
import org.ascmr.model.ModelConfig;
import org.ascmr.model.TrainConfig;
import org.ascmr.experiment.ExperimentConfig;
import org.ascmr.data.ImportMatConfig;
import org.ascmr.features.ExtractConfig;
import org.ascmr.jobs.spark.SparkSettings;
import org.ascmr.jobs.train.TrainJob;
import org.ascmr.jobs.spark.SubmitSettings;
import org.ascmr.pmie.ScoreConfig;
import org.ascmr.workspace.RoundConfig;
import org.ascmr.workspace.WorkspaceConfig;

/**
 * Every configuration key the system knows, gathered from the config records that declare them.
 * A config file key outside this list is rejected at start-up as a probable misspelling, and every
 * value (its type, range and the combinations a config record checks) is validated there too,
 * whatever the command: {@link #load} is the one place that does it, before any Spark session.
 */
public final class SettingsCatalog {
  private SettingsCatalog() {}

  /**
   * Loads {@code --conf} and {@code --set}, rejects unknown keys, then checks every setting's value
   * and builds every config record (their cross-setting checks), so that a bad value fails in a
   * second with exit code 2 instead of after Spark started or halfway through a round.
   */
  public static ConfigSource load(Path conf, List<String> overrides) {
    ConfigSource config = ConfigSource.load(conf, overrides);
    config.rejectUnknown(all());
    validate(config);
    return config;
  }

  /** Reads every known setting (type and range checks) and builds every config record from them. */
  public static void validate(ConfigSource config) {
    for (Setting<?> s : all()) config.get(s);
    List<Map.Entry<String, Function<ConfigSource, ?>>> records = List.of(
        Map.entry("spark", SparkSettings::from),
        Map.entry("submit", SubmitSettings::from),
        Map.entry("cca", CcaConfig::from),
        Map.entry("extract", ExtractConfig::from),
        Map.entry("importMat", ImportMatConfig::from),
        Map.entry("workspace", WorkspaceConfig::from),
        Map.entry("round", RoundConfig::from),
        Map.entry("train", ModelConfig::from),
        Map.entry("train", TrainConfig::from),
        Map.entry("experiment", ExperimentConfig::from),
        Map.entry("select", org.ascmr.select.CoverageConfig::from),
        Map.entry("score", ScoreConfig::from),
        Map.entry("density", org.ascmr.density.DensityConfig::from),
        Map.entry("allocate", org.ascmr.allocate.AllocateConfig::from));
    for (Map.Entry<String, Function<ConfigSource, ?>> r : records) {
      try {
        r.getValue().apply(config);
      } catch (AscmrException e) {
        throw e;
      } catch (RuntimeException e) { // e.g. a number that does not parse inside a list setting
        throw new ConfigException(r.getKey() + ".*", String.valueOf(e.getMessage()), e);
      }
    }
  }

  public static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>();
    all.addAll(SparkSettings.SETTINGS);
    all.addAll(CcaConfig.SETTINGS);
    all.addAll(ExtractConfig.SETTINGS);
    all.addAll(ImportMatConfig.SETTINGS);
    all.addAll(WorkspaceConfig.SETTINGS);
    all.addAll(RoundConfig.SETTINGS);
    all.addAll(SubmitSettings.SETTINGS);
    all.addAll(TrainJob.SETTINGS);
    all.addAll(TrainJob.ENGINE_SETTINGS);
    all.addAll(TrainJob.EXECUTION_SETTINGS);
    all.addAll(ExperimentConfig.SETTINGS);
    all.addAll(org.ascmr.select.CoverageConfig.SETTINGS);
    all.addAll(ScoreConfig.SETTINGS);
    all.addAll(org.ascmr.density.DensityConfig.SETTINGS);
    all.addAll(org.ascmr.allocate.AllocateConfig.SETTINGS);
    return List.copyOf(all);
  }
}
