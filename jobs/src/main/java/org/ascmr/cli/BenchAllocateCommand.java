package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.ascmr.allocate.AllocateConfig;
import org.ascmr.allocate.Allocation;
import org.ascmr.allocate.CandidateGraph;
import org.ascmr.allocate.ClusterAllocator;
import org.ascmr.allocate.ClusterCandidates;
import org.ascmr.allocate.LazyGreedyAllocator;
import org.ascmr.config.ConfigSource;
import org.ascmr.jobs.bench.SyntheticAllocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ascmr bench allocate}: the two solvers on a synthetic problem, on the driver (no Spark). */
@Command(name = "allocate", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Allocation solver benchmark on a SYNTHETIC problem.",
        "A random symmetrised kNN-like graph, uniform informativeness and random clusters, in this JVM as on",
        "the driver: times the lazy greedy and the cluster heap merge (allocate.* settings apply, e.g.",
        "--set allocate.lambda=1)."})
public final class BenchAllocateCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--candidates", paramLabel = "<n>", defaultValue = "1000000",
      description = "unlabelled candidates")
  int candidates;

  @Option(names = "--budget", paramLabel = "<b>", defaultValue = "10000", description = "batch size")
  int budget;

  @Option(names = "--degree", paramLabel = "<k>", defaultValue = "10",
      description = "neighbours drawn per candidate before symmetrising")
  int degree;

  @Option(names = "--clusters", paramLabel = "<m>", defaultValue = "1000",
      description = "clusters of the cluster solver")
  int clusters;

  @Option(names = "--repeats", paramLabel = "<r>", defaultValue = "5",
      description = "timed runs per solver after one warm-up; the median is reported")
  int repeats;

  @Option(names = "--seed", paramLabel = "<s>", defaultValue = "1", description = "seed")
  long seed;

  @Option(names = "--end-to-end", paramLabel = "<n>", defaultValue = "0",
      description = "also run the real density and allocate jobs in Spark on n synthetic pairs (5% labelled)"
          + " and time collection and solving; 0 = skip")
  long endToEnd;

  @Option(names = "--work", paramLabel = "<dir>", defaultValue = "target/bench-allocate",
      description = "directory for the end-to-end artefacts")
  String work;

  @Override
  public Integer call() {
    ConfigSource config = SettingsCatalog.load(common.conf(), common.overrides());
    AllocateConfig cfg = AllocateConfig.from(config);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("== allocation benchmark on a SYNTHETIC problem: %,d candidates, budget %,d, lambda %s, gamma %s,"
        + " kappa %s, eta %s (Java %s, %d cores)%n", candidates, budget, cfg.lambda(), cfg.gamma(), cfg.kappa(),
        cfg.eta(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    long t0 = System.nanoTime();
    CandidateGraph g = SyntheticAllocation.graph(candidates, degree, seed);
    out.printf("greedy input: random graph, %,d directed entries (symmetrised from %d draws each), built in %.1f s%n",
        g.edges(), degree, secs(t0));
    LazyGreedyAllocator greedy = new LazyGreedyAllocator(g, cfg.lambda(), cfg.gamma());
    double[] times = time(() -> greedy.allocate(budget), repeats);
    Allocation a = greedy.allocate(budget);
    out.printf("lazy greedy: median %.3f s (min %.3f, max %.3f over %d runs); objective %.2f%n", median(times),
        times[0], times[times.length - 1], repeats, a.objective());
    out.flush();
    g = null;

    long t1 = System.nanoTime();
    List<ClusterCandidates> cs = SyntheticAllocation.clusters(candidates, clusters, Integer.MAX_VALUE, seed);
    out.printf("cluster input: %,d clusters listing all %,d candidates, sorted per cluster in %.1f s%n", clusters,
        candidates, secs(t1));
    ClusterAllocator solver = new ClusterAllocator(cs, cfg.lambda(), cfg.kappa(), cfg.eta());
    times = time(() -> solver.allocate(budget), repeats);
    Allocation c = solver.allocate(budget);
    out.printf("cluster heap merge: median %.4f s (min %.4f, max %.4f over %d runs); objective %.2f, %d clusters used%n",
        median(times), times[0], times[times.length - 1], repeats, c.objective(),
        c.picks().stream().mapToInt(p -> p.cluster()).distinct().count());
    out.flush();
    if (endToEnd > 0) endToEnd(out);
    return 0;
  }

  /** Synthetic scores -> density job -> allocate job (both solvers), as a user would run them. */
  private void endToEnd(PrintWriter out) {
    try (JobEnv env = JobEnv.start(common)) {
      org.apache.spark.sql.SparkSession spark = env.spark();
      org.ascmr.jobs.bench.SyntheticVectors gen = new org.ascmr.jobs.bench.SyntheticVectors(64, 100, 8, 0.8, 0.1, seed);
      String dir = work + "/e2e-" + endToEnd;
      String scores = dir + "/scores";
      String density = dir + "/density";
      long t0 = System.nanoTime();
      if (!org.ascmr.jobs.io.Tables.store(spark).exists(scores)) {
        org.ascmr.jobs.bench.SyntheticScores.write(spark, gen, endToEnd, 0.05, seed, env.partitions(), scores);
      }
      out.printf("end to end on %,d SYNTHETIC pairs (%s), 5%% labelled: scores ready in %.1f s%n", endToEnd,
          gen.describe(), secs(t0));
      long t1 = System.nanoTime();
      org.ascmr.jobs.density.DensityJob.Outcome d = org.ascmr.jobs.density.DensityJob.run(spark, env.config(), scores,
          density, false, env.partitions());
      out.printf("ascmr density: %.1f s%s%n", secs(t1), d.upToDate() ? " (up to date, reused)"
          : String.format(", recall@10 %.4f, nprobe %d", d.stats().recall(), d.stats().nprobe()));
      for (org.ascmr.allocate.Solver s : org.ascmr.allocate.Solver.values()) {
        ConfigSource cs = env.config().with(AllocateConfig.SOLVER.key(), org.ascmr.config.Setting.enumName(s));
        long t2 = System.nanoTime();
        org.ascmr.jobs.allocate.AllocateJob.Outcome a = org.ascmr.jobs.allocate.AllocateJob.run(spark, cs, scores,
            density, budget, 0, dir + "/selection-" + org.ascmr.config.Setting.enumName(s), true);
        out.printf("ascmr allocate (%s, b %,d of %,d): %.1f s in all; check %.1f s, collect %.1f s, solve %.3f s,"
            + " write %.1f s%n", org.ascmr.config.Setting.enumName(s), budget, a.candidates(), secs(t2),
            a.seconds().get("check"), a.seconds().get("collect"), a.seconds().get("solve"), a.seconds().get("write"));
        out.flush();
      }
    }
  }

  private static double[] time(Runnable r, int repeats) {
    r.run(); // warm-up: JIT and caches
    double[] t = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long s = System.nanoTime();
      r.run();
      t[i] = secs(s);
    }
    Arrays.sort(t);
    return t;
  }

  private static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  private static double secs(long t) {
    return (System.nanoTime() - t) / 1e9;
  }
}
