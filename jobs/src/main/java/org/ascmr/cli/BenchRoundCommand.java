package org.ascmr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.bench.SyntheticPool;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.ExecutorMemoryListener;
import org.ascmr.jobs.spark.MemoryWindow;
import org.ascmr.jobs.workspace.IngestLabelsJob;
import org.ascmr.jobs.workspace.RoundJob;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.jobs.workspace.Workspace;
import org.ascmr.jobs.workspace.WorkspaceRun;
import org.ascmr.workspace.PoolMode;
import org.ascmr.workspace.RoundConfig;
import org.ascmr.workspace.WorkspaceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ascmr bench round}: one whole {@code ascmr round} over a SYNTHETIC pool of a chosen size,
 * timed stage by stage with each stage's peak memory (issue 12, goal 4).
 */
@Command(name = "round", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"One whole 'ascmr round' over a SYNTHETIC pool, timed stage by stage.",
        "Writes a synthetic pool of --pairs image-text pairs (--dims-d vectors, one-hot classes; reused when it",
        "exists with the same settings), a fresh workspace over it with the first --labelled train pairs ingested",
        "as labels, and runs round 0 with the configured settings (round.selection = coverage or paper), as",
        "'ascmr round' would. Prints each stage's seconds, rows and peak driver and executor memory."})
public final class BenchRoundCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--pairs", paramLabel = "<n>", defaultValue = "1000000", description = "synthetic pairs in the pool")
  long pairs;

  @Option(names = "--dims", paramLabel = "<d>", defaultValue = "512",
      description = "dimensions of the image and of the text vectors")
  int dims;

  @Option(names = "--classes", paramLabel = "<c>", defaultValue = "20", description = "one-hot classes (labels)")
  int classes;

  @Option(names = "--labelled", paramLabel = "<n>", defaultValue = "10000",
      description = "train pairs ingested as labelled before the round")
  int labelled;

  @Option(names = "--seed", paramLabel = "<s>", defaultValue = "1", description = "seed of the synthetic pool")
  long seed;

  @Option(names = "--work", paramLabel = "<dir>", defaultValue = "target/bench-round",
      description = "directory for the pool (kept) and the workspace (made afresh each run)")
  String work;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (JobEnv env = JobEnv.start(common)) {
      RoundJob.validateSettings(env.config());
      SparkSession spark = env.spark();
      ArtifactStore store = Tables.store(spark);
      SyntheticPool gen = new SyntheticPool(pairs, dims, classes, seed);
      out.printf("== round benchmark on a %s%n", gen.describe());
      out.printf("   %,d labelled train pairs; round.selection = %s; %d cores, driver max heap %,d MiB%n", labelled,
          env.config().get(RoundConfig.SELECTION).name().toLowerCase(Locale.ROOT),
          Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
      out.flush();
      long t0 = System.nanoTime();
      String pool = gen.write(spark, String.format(Locale.ROOT, "%s/pool-%d-%dd-%dc-s%d", work, pairs, dims, classes,
          seed));
      out.printf("pool ready in %.1f s: %s%n", secs(t0), pool);

      long t1 = System.nanoTime();
      String ws = store.qualify(work + "/ws-" + pairs);
      removePreviousWorkspace(store, ws);
      Workspace.init(store, ws, pool, PoolMode.REFERENCE);
      Workspace workspace = Workspace.open(store, ws);
      Path labels = labelsFile(gen, Path.of(work).toAbsolutePath().resolve("labels-" + labelled + ".csv"));
      IngestLabelsJob.commit(spark, workspace, IngestLabelsJob.prepare(spark, workspace, labels.toString()),
          BadRowPolicy.FAIL);
      out.printf("workspace with %,d labels ready in %.1f s: %s%n", labelled, secs(t1), ws);
      out.flush();

      RoundJob.Options options = new RoundJob.Options(0, false, null, env.partitions(), false, null);
      long t2 = System.nanoTime();
      RoundJob.Outcome o;
      Map<String, Object> roundPeaks;
      try (MemoryWindow w = MemoryWindow.open()) {
        o = WorkspaceRun.locked(new StateFiles(store), ws, "bench round", false,
            WorkspaceConfig.from(env.config()).staleLockAge(),
            () -> RoundJob.runRound(spark, env.config(), Workspace.open(store, ws), options), r -> "bench round");
        roundPeaks = w.peaksMiB();
      }
      double total = secs(t2);
      out.printf("%-10s %9s %10s %16s %18s  %s%n", "stage", "seconds", "rows", "driver peak MiB",
          "executor peak MiB", "output");
      for (RoundJob.StageResult r : o.stages()) {
        Map<?, ?> m = stagePeaks(store, r.out());
        out.printf(Locale.ROOT, "%-10s %9.1f %,10d %16s %18s  %s%n", r.stage(), r.seconds(), r.rows(),
            peak(m, "driverPeakRssMiB"), peak(m, "executorPeakRssMiB"), r.out());
      }
      out.printf(Locale.ROOT, "%-10s %9.1f %10s %16s %18s%n", "round", total, "", peak(roundPeaks, "driverPeakRssMiB"),
          peak(roundPeaks, "executorPeakRssMiB"));
      out.printf("load average at the end: %.1f%n",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      out.flush();
      return 0;
    }
  }

  /** The first --labelled train pairs as an ingest-labels CSV (id,labels). */
  private Path labelsFile(SyntheticPool gen, Path file) {
    List<String> lines = new ArrayList<>(labelled + 1);
    lines.add("id,labels");
    for (String[] p : gen.firstTrain(labelled)) lines.add(p[0] + "," + p[1]);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** The stage's own peaks recorded in its output's metadata (empty when it has none). */
  private static Map<?, ?> stagePeaks(ArtifactStore store, String out) {
    if (out == null || !store.exists(out + "/" + Metadata.FILE_NAME)) return Map.of();
    Object memory = store.readMetadata(out, null).details().get(ArtifactStore.MEMORY_DETAIL);
    if (!(memory instanceof Map<?, ?> mem)) return Map.of();
    return mem.get(ExecutorMemoryListener.STAGE) instanceof Map<?, ?> stage ? stage : Map.of();
  }

  private static String peak(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? "-" : String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
  }

  private static void removePreviousWorkspace(ArtifactStore store, String path) {
    try {
      store.fs(path).delete(new org.apache.hadoop.fs.Path(path), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the previous benchmark workspace " + path, e);
    }
  }

  private static double secs(long t) {
    return (System.nanoTime() - t) / 1e9;
  }
}
