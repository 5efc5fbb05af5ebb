package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.ascmr.jobs.score.ScoreBenchmark;
import org.ascmr.pmie.ScoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ascmr bench score}: scoring throughput (pairs/s) on a SYNTHETIC pool. */
@Command(name = "score", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Scoring throughput of the informativeness estimator on a SYNTHETIC pool.",
        "Gaussian image and text vectors and an untrained estimator of the configured size (score.embedDim,",
        "score.hidden, score.samples): pairs/s of the sampled and the closed-form modes, through the score job's",
        "per-partition path in Spark and through the bare scorer on one thread."})
public final class BenchScoreCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--pairs", paramLabel = "<n>", defaultValue = "100000",
      description = "synthetic pairs")
  long pairs;

  @Option(names = "--dims", paramLabel = "<d>", defaultValue = "512",
      description = "dimensions of the image and of the text vectors")
  int dims;

  @Option(names = "--single-thread-pairs", paramLabel = "<n>", defaultValue = "20000",
      description = "pairs scored by the bare scorer on one thread")
  int singleThreadPairs;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      ScoreConfig cfg = ScoreConfig.from(env.config());
      PrintWriter o = spec.commandLine().getOut();
      o.printf("SYNTHETIC pool: %,d pairs, %d-d image and %d-d text Gaussian vectors; untrained estimator E'=%d,"
          + " hidden=%d, K=%d; %d cores%n", pairs, dims, dims, cfg.embedDim(), cfg.hidden(), cfg.samples(),
          Runtime.getRuntime().availableProcessors());
      List<ScoreBenchmark.Measurement> ms = ScoreBenchmark.run(env.spark(), cfg, pairs, dims, env.partitions(),
          singleThreadPairs);
      o.printf("%-14s %-32s %10s %9s %12s %16s%n", "mode", "path", "pairs", "seconds", "pairs/s", "pairs/CPU-second");
      for (ScoreBenchmark.Measurement m : ms) {
        o.printf("%-14s %-32s %,10d %9.1f %,12.0f %16s%n", m.mode(), m.path(), m.pairs(), m.seconds(),
            m.pairsPerSecond(), Double.isNaN(m.cpuSeconds()) ? "-" : String.format("%,.0f", m.pairsPerCpuSecond()));
      }
      o.printf("load average at the end: %.1f (other processes share the cores: compare pairs/CPU-second)%n",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      return 0;
    }
  }
}
