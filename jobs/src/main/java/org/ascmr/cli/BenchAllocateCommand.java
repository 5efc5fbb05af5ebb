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
    description = {"Allocation solver benchmark on a SYNTHETIC problem (random symmetrised kNN-like graph,",
        "uniform informativeness, random clusters), in this JVM as on the driver: times the lazy greedy",
        "and the cluster heap merge (allocate.* settings apply, e.g. --set allocate.lambda=1)."})
public final class BenchAllocateCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--candidates", paramLabel = "<n>", defaultValue = "1000000",
      description = "unlabelled candidates (default: ${DEFAULT-VALUE})")
  int candidates;

  @Option(names = "--budget", paramLabel = "<b>", defaultValue = "10000", description = "batch size (default: ${DEFAULT-VALUE})")
  int budget;

  @Option(names = "--degree", paramLabel = "<k>", defaultValue = "10",
      description = "neighbours drawn per candidate before symmetrising (default: ${DEFAULT-VALUE})")
  int degree;

  @Option(names = "--clusters", paramLabel = "<m>", defaultValue = "1000",
      description = "clusters of the cluster solver (default: ${DEFAULT-VALUE})")
  int clusters;

  @Option(names = "--repeats", paramLabel = "<r>", defaultValue = "5",
      description = "timed runs per solver after one warm-up; the median is reported (default: ${DEFAULT-VALUE})")
  int repeats;

  @Option(names = "--seed", paramLabel = "<s>", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() {
    ConfigSource config = ConfigSource.load(common.conf(), common.overrides());
    config.rejectUnknown(SettingsCatalog.all());
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
    return 0;
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
