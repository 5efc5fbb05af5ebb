package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.error.ConfigException;
import org.ascmr.experiment.ExperimentConfig;
import org.ascmr.experiment.ExperimentSummary;
import org.ascmr.features.ExtractConfig;
import org.ascmr.jobs.experiment.ExperimentJob;
import org.ascmr.jobs.extract.ExtractJob;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The active-learning experiment: strategies x seeds x rounds with a simulated oracle, and its report. */
@Command(name = "experiment", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Run (or continue) the active-learning experiment with a simulated oracle.",
        "For each seed and strategy: rounds of train -> select -> reveal labels -> record, plus the",
        "full-supervision ceiling (docs/method.md); writes results.csv, results/ (Parquet), summary.json and",
        "report.html under --out. Settings: experiment.* and every stage's keys ('ascmr config' lists them).",
        "A rerun continues from the last completed round of each (strategy, seed)."})
public final class ExperimentCommand implements Callable<Integer> {

  /** Where the pool comes from: a raw-pairs bundle (extracted into <out>/pool first) or a pool table. */
  static final class Input {
    @Option(names = "--pairs", paramLabel = "<dir>", required = true,
        description = "raw-pairs bundle (pairs.jsonl + images + labels.txt), extracted into <out>/pool first")
    String pairs;

    @Option(names = "--pool", paramLabel = "<pool>", required = true, description = "an existing pool table")
    String pool;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--out", required = true, paramLabel = "<dir>", description = "experiment directory")
  String out;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      ExperimentConfig.from(env.config());
      String pool = input.pool;
      if (input.pairs != null) {
        pool = out + "/pool";
        ExtractJob.run(env.spark(), input.pairs, pool, ExtractConfig.from(env.config()), BadRowPolicy.FAIL, false,
            env.partitions());
      }
      ExperimentJob.Outcome o = ExperimentJob.run(env.spark(), env.config(), env.partitions(),
          new ExperimentJob.Request(pool, out, common.overwrite()), recipeSettings());
      print(o);
      return 0;
    }
  }

  /** Settings the runs depend on: all but Spark's and the strategy/seed lists (an experiment may grow). */
  public static List<Setting<?>> recipeSettings() {
    return SettingsCatalog.all().stream()
        .filter(s -> !s.key().startsWith("spark."))
        .filter(s -> s != ExperimentConfig.STRATEGIES && s != ExperimentConfig.SEEDS)
        .toList();
  }

  private void print(ExperimentJob.Outcome o) {
    PrintWriter w = spec.commandLine().getOut();
    ExperimentSummary s = o.summary();
    w.printf("experiment: %d result rows in %s%n", o.results().size(), o.out());
    if (s.ceiling() != null) w.printf("ceiling (full supervision): test mean mAP %.4f%n", s.ceiling().mean());
    w.printf("%-16s %8s %14s %14s %16s %10s %8s%n", "strategy", "auc", "fraction_to_95", "fraction_to_97",
        "to_match_random", "final_mean", "val_auc");
    for (Map.Entry<String, ExperimentSummary.Strategy> e : s.strategies().entrySet()) {
      ExperimentSummary.Strategy v = e.getValue();
      w.printf("%-16s %8.4f %14s %14s %16s %10.4f %8s%n", e.getKey(), v.auc(), fmt(v.fractionTo95()),
          fmt(v.fractionTo97()), fmt(v.fractionToMatchRandom()), v.finalMean(),
          v.valAuc() == null ? "-" : String.format("%.4f", v.valAuc()));
    }
    w.println("report: " + o.report());
    w.flush();
  }

  private static String fmt(Double v) {
    return v == null ? "not reached" : String.format("%.3f", v);
  }
}
