package org.ascmr.deploy;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ascmr.cli.SubmitLine;
import org.ascmr.io.Json;
import org.ascmr.testing.DriverProcess;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkStandaloneCluster;
import org.ascmr.testing.TestData;
import org.ascmr.testing.TestJars;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train.engine measurement on a real Spark standalone cluster (docs/operations.md, "Training
 * engines"): a master and two one-core workers, separate JVMs on 127.0.0.1, and `ascmr train`
 * submitted through deploy/submit.sh's line for conf/standalone.conf once per engine, with the
 * settings of the local[2] measurement. Prints one line per engine (val and test mAP, rows/s, wall
 * time, or the failure). A measurement, not a check: tagged bench, run with
 * {@code mvn -o -q test -pl lib,jobs -Pbench -Dtest=TrainEnginesClusterBench -Dascmr.bench.pool=<pool>}
 * (without the property the OpenClipArt pool is extracted first with the default features;
 * -Dascmr.bench.engines=a,b runs only those engines, -Dascmr.bench.logs=DIR keeps the driver logs).
 */
@Tag("bench")
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class TrainEnginesClusterBench {
  static final List<String> ENGINES = List.of("averaging", "dl4j-parameter-averaging", "dl4j-gradient-sharing");
  static final List<String> TRAIN = List.of("train.seed=1", "train.maxEpochs=15", "train.patience=15", "train.workers=2",
      "train.minRowsPerWorker=1000", "train.checkpointEvery=0");

  @TempDir
  static Path dir;

  @Test
  void trainEachEngineOnTheCluster() throws Exception {
    String pool = System.getProperty("ascmr.bench.pool");
    if (pool == null || pool.isBlank()) {
      pool = dir.resolve("pool").toString();
      Result r = cli("extract", "--pairs", TestData.openClipArt().toString(), "--out", pool);
      assertEquals(0, r.code(), r.err());
    }
    List<String> lines = new ArrayList<>();
    try (SparkStandaloneCluster cluster = SparkStandaloneCluster.start(dir.resolve("cluster"), 2, "3g",
        Duration.ofMinutes(4))) {
      Path appJar = TestJars.application(dir.resolve("ascmr-app.jar"));
      String only = System.getProperty("ascmr.bench.engines", "");
      for (String engine : only.isBlank() ? ENGINES : List.of(only.split(","))) {
        String out = dir.resolve("model-" + engine).toString();
        long t0 = System.nanoTime();
        Path logDir = Path.of(System.getProperty("ascmr.bench.logs", dir.toString()));
        Files.createDirectories(logDir);
        DriverProcess driver = cluster.submit(logDir.resolve("cluster-" + engine + ".log"),
            submitArgs(cluster, appJar, "train", "--pool", pool, "--out", out, "--set", "train.engine=" + engine));
        int code = driver.waitFor(900);
        double wall = (System.nanoTime() - t0) / 1e9;
        Path summary = Path.of(out, "summary.json");
        if (code == 0 && Files.exists(summary)) {
          JsonNode s = Json.tree(Files.readString(summary), summary.toString());
          lines.add(String.format("%-26s val %.4f  test %.4f  untrained val %.4f  best epoch %d/%d  %.0f rows/s  "
                  + "%.1f s/epoch  wall %.0f s", engine, s.get("val").get("mean").asDouble(),
              s.get("test").get("mean").asDouble(), s.get("untrainedVal").get("mean").asDouble(),
              s.get("bestEpoch").asInt(), s.get("epochs").asInt(), s.get("rowsPerSecond").asDouble(),
              s.get("secondsPerEpoch").asDouble(), wall));
        } else {
          String cause = driver.log(1 << 22).lines()
              .filter(l -> l.contains("Exception") || l.contains("Caused by") || l.contains("ERROR"))
              .limit(6).reduce("", (x, y) -> x + " | " + y);
          lines.add(String.format("%-26s FAILED (exit %d after %.0f s)%s", engine, code, wall, cause));
          if (driver.isAlive()) driver.kill();
        }
        System.out.println("[bench] " + lines.get(lines.size() - 1));
      }
    }
    System.out.println("[bench] standalone cluster, 2 one-core workers:");
    lines.forEach(l -> System.out.println("[bench] " + l));
  }

  private static List<String> submitArgs(SparkStandaloneCluster cluster, Path appJar, String... command) {
    Path root = TestData.root();
    String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir",
        Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString());
    List<String> job = new ArrayList<>(TRAIN);
    job.add("spark.partitions=0");
    job.addAll(DriverProcess.SPARK_LIKE_TESTS);
    String jvm = "-Dorg.bytedeco.javacpp.cachedir=" + javacpp;
    for (String kv : List.of("spark.executor.cores=1", "spark.executor.memory=1500m", "spark.driver.memory=2g",
        "spark.executorEnv.OMP_NUM_THREADS=1", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "spark.executor.extraJavaOptions=" + jvm, "spark.driver.extraJavaOptions=" + jvm)) {
      job.add("spark.conf." + kv);
    }
    List<String> a = new ArrayList<>(List.of("--home", root.toString(), "--jvm-options",
        root.resolve("conf/jvm-options").toString(), "--conf", root.resolve("conf/standalone.conf").toString(),
        "--set", "submit.master=" + cluster.masterUrl(), "--set", "submit.jar=" + appJar, "--"));
    a.addAll(List.of(command));
    for (String s : job) a.addAll(List.of("--set", s));
    List<String> line = SubmitLine.build(a.toArray(String[]::new));
    return line.subList(1, line.size());
  }
}
