package org.ascmr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ascmr.features.ExtractConfig;
import org.ascmr.jobs.extract.EncoderBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ascmr bench encode}: throughput of extract's encoders on REAL pairs of a bundle. */
@Command(name = "encode", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Throughput of the configured extract encoders on REAL pairs of a bundle.",
        "Encodes the first --count pairs of a local bundle with extract.imageEncoder and extract.textEncoder,",
        "outside Spark: images/s (decode + preprocess + forward) and texts/s with 1 and more callers sharing",
        "one encoder, each on one native thread (as Spark tasks do)."})
public final class BenchEncodeCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--pairs", paramLabel = "<bundle>", required = true, description = "local raw-pairs bundle")
  Path bundle;

  @Option(names = "--count", paramLabel = "<n>", defaultValue = "256", description = "pairs encoded per measurement")
  int count;

  @Option(names = "--callers", paramLabel = "<n,...>", split = ",", defaultValue = "1,2",
      description = "concurrent callers to measure")
  List<Integer> callers;

  @Override
  public Integer call() throws Exception {
    try (JobEnv env = JobEnv.start(common)) {
      ExtractConfig config = ExtractConfig.from(env.config());
      PrintWriter o = spec.commandLine().getOut();
      o.printf("REAL pairs: the first %d of %s; %d cores; one native thread per caller%n", count, bundle,
          Runtime.getRuntime().availableProcessors());
      List<EncoderBenchmark.Measurement> ms = EncoderBenchmark.run(bundle, config, count, callers);
      o.printf("%-14s %-7s %8s %7s %9s %10s %22s%n", "encoder", "items", "callers", "n", "seconds", "items/s",
          "per caller vs 1 caller");
      double[] single = new double[2];
      for (EncoderBenchmark.Measurement m : ms) {
        int k = m.what().equals("images") ? 0 : 1;
        if (m.callers() == 1) single[k] = m.perSecond();
        String ratio = single[k] > 0 ? String.format("%.2f", m.perSecond() / m.callers() / single[k]) : "-";
        o.printf("%-14s %-7s %8d %7d %9.1f %10.1f %22s%n", m.encoder(), m.what(), m.callers(), m.items(), m.seconds(),
            m.perSecond(), ratio);
      }
      o.printf("load average at the end: %.1f (other processes share the cores)%n",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      return 0;
    }
  }
}
