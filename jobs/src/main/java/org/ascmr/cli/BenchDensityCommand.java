package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ascmr.density.DensityConfig;
import org.ascmr.jobs.bench.DensityBenchmark;
import org.ascmr.jobs.bench.SyntheticVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ascmr bench density}: IVF kNN graph vs exact search vs MLlib LSH on synthetic vectors. */
@Command(name = "density", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Density stage benchmark on SYNTHETIC clustered unit vectors.",
        "A mixture of low-rank Gaussians on the sphere: builds the IVF kNN graph of all items (density.*",
        "settings, e.g. --set density.nprobe=8),",
        "measures recall@k on sampled queries against exact brute force (timed), and optionally MLlib",
        "BucketedRandomProjectionLSH on the same queries at each --lsh setting."})
public final class BenchDensityCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--items", paramLabel = "<n>", defaultValue = "1000000",
      description = "synthetic vectors")
  long items;

  @Option(names = "--dims", paramLabel = "<d>", defaultValue = "64", description = "dimensions")
  int dims;

  @Option(names = "--components", paramLabel = "<c>", defaultValue = "100",
      description = "mixture components")
  int components;

  @Option(names = "--latent", paramLabel = "<l>", defaultValue = "8",
      description = "latent directions per component")
  int latent;

  @Option(names = "--latent-scale", paramLabel = "<s>", defaultValue = "0.8",
      description = "scale of the first latent direction")
  double latentScale;

  @Option(names = "--noise", paramLabel = "<s>", defaultValue = "0.1",
      description = "norm of the isotropic noise")
  double noise;

  @Option(names = "--queries", paramLabel = "<q>", defaultValue = "1000",
      description = "sampled queries for recall and for the exact and LSH searches")
  int queries;

  @Option(names = "--kernel-items", paramLabel = "<n>", defaultValue = "100000",
      description = "also time the exact-search kernel on one thread against ND4J sgemm: the --queries queries"
          + " against this many random unit vectors (no Spark); 0 = skip")
  int kernelItems;

  @Option(names = "--lsh", paramLabel = "<bucketLength:tables>", split = ",", showDefaultValue = Visibility.NEVER,
      description = "MLlib LSH settings to compare, e.g. --lsh 0.5:8,1.0:16 (default: none)")
  List<String> lsh = new ArrayList<>();

  @Option(names = "--lsh-scale", paramLabel = "<x>", defaultValue = "10",
      description = "also time LSH on x times more queries to extrapolate to all items; 1 = off")
  int lshScale;

  @Option(names = "--seed", paramLabel = "<s>", defaultValue = "1",
      description = "seed of the synthetic data")
  long seed;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      DensityConfig cfg = DensityConfig.from(env.config());
      List<DensityBenchmark.LshSetting> settings = new ArrayList<>();
      for (String s : lsh) {
        String[] p = s.split(":");
        if (p.length != 2) throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--lsh expects bucketLength:tables, was '" + s + "'");
        settings.add(new DensityBenchmark.LshSetting(Double.parseDouble(p[0]), Integer.parseInt(p[1])));
      }
      SyntheticVectors gen = new SyntheticVectors(dims, components, latent, latentScale, noise, seed);
      int partitions = env.partitions();
      Dataset<Row> data = gen.generate(env.spark(), items, partitions);
      PrintWriter out = spec.commandLine().getOut();
      DensityBenchmark.run(env.spark(), data, items, gen.describe(), cfg, partitions, queries, kernelItems, settings, lshScale, out);
      return 0;
    }
  }
}
