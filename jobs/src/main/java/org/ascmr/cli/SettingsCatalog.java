package org.ascmr.cli;

import java.util.ArrayList;
import java.util.List;
import org.ascmr.cca.CcaConfig;
import org.ascmr.config.Setting;
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
 * A config file key outside this list is rejected at start-up as a probable misspelling.
 */
public final class SettingsCatalog {
  private SettingsCatalog() {}

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
    all.addAll(TrainJob.EXECUTION_SETTINGS);
    all.addAll(ExperimentConfig.SETTINGS);
    all.addAll(org.ascmr.select.CoverageConfig.SETTINGS);
    all.addAll(ScoreConfig.SETTINGS);
    all.addAll(org.ascmr.density.DensityConfig.SETTINGS);
    all.addAll(org.ascmr.allocate.AllocateConfig.SETTINGS);
    return List.copyOf(all);
  }
}
