package org.ascmr.deploy;

import static org.ascmr.testing.InProcessCli.cli;
import static org.ascmr.testing.RoundFixture.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.cli.SubmitLine;
import org.ascmr.data.PoolColumns;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.testing.BundleCopy;
import org.ascmr.testing.DriverProcess;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.PausePlugin;
import org.ascmr.testing.RoundFixture;
import org.ascmr.testing.SparkStandaloneCluster;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestData;
import org.ascmr.testing.TestJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stages on a real Spark standalone cluster (issue 13): a master and two one-core workers,
 * separate JVMs on 127.0.0.1 ({@link SparkStandaloneCluster}), and each command submitted as a
 * user would: deploy/submit.sh's line for conf/standalone.conf (through {@link SubmitLine}, with
 * the cluster's address and loopback sizes as overrides), run by Spark's launcher, shipping the
 * application jar built from this build's classes. On a slice of OpenClipArt (every 16th pair,
 * 200 pairs, 30 labelled), extract, a full round and evaluate give the same tables and figures,
 * bit for bit, as local mode in this JVM, although one worker (and its executor) is SIGKILLed
 * while the round's score tasks run.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class StandaloneClusterRoundTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  /** A child stage takes well under a minute alone; allow for 2 cores shared with other JVMs. */
  private static final long CHILD_SECONDS = 480;
  private static final String SCORE_JOB = "score the unlabelled pairs";
  /** Every 16th pair of OpenClipArt: 200 pairs of all categories and splits. */
  private static final int SLICE = 16;
  /** RoundFixture's small round, with one epoch of each model: the test is about where it runs. */
  private static final List<String> ROUND = List.of("train.maxEpochs=1", "score.epochs=1");

  @TempDir
  static Path dir;
  static SparkStandaloneCluster cluster;
  static Path appJar;

  @BeforeAll
  static void startCluster() {
    long t0 = System.nanoTime();
    cluster = SparkStandaloneCluster.start(dir.resolve("cluster"), 2, "1g", Duration.ofMinutes(4));
    appJar = TestJars.application(dir.resolve("ascmr-app.jar"));
    System.out.printf("standalone cluster (master + 2 workers) up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  /**
   * The spark-submit arguments for {@code command} (without the program name): conf/standalone.conf
   * pointed at this cluster, executors of 1 core and 1 GB, every address on loopback, and the
   * partitioning of the in-process test session so that results compare bit for bit.
   */
  private static List<String> submitArgs(List<String> extraSpark, String... command) {
    Path root = TestData.root();
    String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir",
        Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString());
    List<String> sets = new ArrayList<>(List.of("submit.master=" + cluster.masterUrl(), "submit.jar=" + appJar));
    List<String> job = new ArrayList<>(RoundFixture.SETTINGS);
    job.addAll(ROUND);
    job.add("spark.partitions=0");
    job.addAll(DriverProcess.SPARK_LIKE_TESTS);
    // Short-lived JVMs on few cores: C1 only spends far less CPU compiling than it would save.
    String jvm = "-Dorg.bytedeco.javacpp.cachedir=" + javacpp + " -XX:TieredStopAtLevel=1";
    for (String kv : List.of("spark.executor.cores=1", "spark.executor.memory=1g", "spark.driver.memory=1500m",
        "spark.executorEnv.OMP_NUM_THREADS=1", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "spark.executor.extraJavaOptions=" + jvm, "spark.driver.extraJavaOptions=" + jvm)) {
      job.add("spark.conf." + kv);
    }
    job.addAll(extraSpark);
    List<String> a = new ArrayList<>(List.of("--home", root.toString(), "--jvm-options",
        root.resolve("conf/jvm-options").toString(), "--conf", root.resolve("conf/standalone.conf").toString()));
    for (String s : sets) a.addAll(List.of("--set", s));
    a.add("--");
    a.addAll(List.of(command));
    for (String s : job) a.addAll(List.of("--set", s));
    List<String> line = SubmitLine.build(a.toArray(String[]::new));
    assertEquals("spark-submit", line.get(0));
    assertEquals(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client"), line.subList(1, 5));
    return line.subList(1, line.size());
  }

  private static DriverProcess submit(String name, List<String> extraSpark, String... command) {
    return cluster.submit(dir.resolve(name + ".log"), submitArgs(extraSpark, command));
  }

  private static void assertSucceeded(DriverProcess driver) throws InterruptedException {
    int code = driver.waitFor(CHILD_SECONDS);
    assertEquals(0, code, "driver log:\n" + driver.log(8000) + "\ncluster logs:\n" + cluster.logs(3000));
  }

  private static List<Row> poolRows(String pool) {
    return PoolTable.read(SPARK, pool).rows().orderBy(PoolColumns.ID).collectAsList();
  }

  private static String workspace(String name, String pool, Path labels) {
    return RoundFixture.workspace(dir.resolve(name).toString(), pool, labels);
  }


  @Test
  void extractRoundAndEvaluateEqualLocalModeThoughAWorkerIsLostDuringScore() throws Exception {
    long t0 = System.nanoTime();
    Path pairs = BundleCopy.everyKth(dir.resolve("openclipart-slice"), SLICE).write();

    // Local mode, in this JVM: the reference.
    String localPool = dir.resolve("local/pool").toString();
    Result extract = cli("extract", "--pairs", pairs.toString(), "--out", localPool);
    assertEquals(0, extract.code(), extract.err());
    Path labels = RoundFixture.labelsFile(SPARK, localPool,
        RoundFixture.trainIds(SPARK, localPool).subList(0, 30), dir.resolve("labels.jsonl"));
    String localWs = workspace("local/ws", localPool, labels);
    Result round = cli(args(ROUND, "round", "--workspace", localWs, "--round", "0"));
    assertEquals(0, round.code(), round.err());
    Path localEval = dir.resolve("local/evaluate.json");
    Result evaluate = cli("evaluate", "--pool", localPool, "--model", localWs + "/rounds/0/train", "--out",
        localEval.toString());
    assertEquals(0, evaluate.code(), evaluate.err());
    long t1 = System.nanoTime();

    // The same on the cluster.
    String clusterPool = dir.resolve("cluster-run/pool").toString();
    assertSucceeded(submit("extract", List.of(), "extract", "--pairs", pairs.toString(), "--out", clusterPool));
    List<Row> want = poolRows(localPool);
    assertEquals(200, want.size());
    assertEquals(want, poolRows(clusterPool), "the pool extracted on the cluster");

    String clusterWs = workspace("cluster-run/ws", clusterPool, labels);
    Path marker = dir.resolve("paused-in-score");
    Path pluginJar = TestJars.ofClass(dir.resolve("pause-plugin.jar"), PausePlugin.class);
    DriverProcess driver = submit("round", List.of("spark.conf.spark.jars=" + pluginJar,
        "spark.conf.spark.plugins=" + PausePlugin.class.getName(),
        "spark.conf." + PausePlugin.PAUSE_IN_JOB + "=" + SCORE_JOB,
        "spark.conf." + PausePlugin.PAUSE_MARKER + "=" + marker,
        "spark.conf." + PausePlugin.PAUSE_ONCE + "=true"), "round", "--workspace", clusterWs, "--round", "0");
    assertTrue(driver.awaitFile(marker, CHILD_SECONDS), "the round never reached the score tasks:\n"
        + driver.log(6000) + "\ncluster logs:\n" + cluster.logs(3000));
    String paused = Files.readString(marker).trim();
    long executor = Long.parseLong(paused.substring(PausePlugin.PID.length()).split(" ")[0]);
    String lost = cluster.killWorkerOf(executor);
    assertFalse(cluster.isAlive(lost));
    assertTrue(cluster.isAlive(lost.equals("worker-1") ? "worker-2" : "worker-1"));
    assertSucceeded(driver);
    assertTrue(driver.log(1 << 22).contains("Lost executor"), "the driver saw the executor go:\n"
        + driver.log(6000));

    Map<String, List<Row>> reference = RoundFixture.roundTables(SPARK, localWs, 0);
    Map<String, List<Row>> actual = RoundFixture.roundTables(SPARK, clusterWs, 0);
    assertEquals(reference.keySet(), actual.keySet());
    for (String table : reference.keySet()) {
      assertEquals(reference.get(table), actual.get(table), "round 0's " + table + " table on the cluster");
    }
    assertEquals(20, actual.get("allocate").size());

    Path clusterEval = dir.resolve("cluster-run/evaluate.json");
    assertSucceeded(submit("evaluate", List.of(), "evaluate", "--pool", clusterPool, "--model",
        clusterWs + "/rounds/0/train", "--out", clusterEval.toString()));
    JsonNode local = Json.tree(Files.readString(localEval), localEval.toString());
    JsonNode onCluster = Json.tree(Files.readString(clusterEval), clusterEval.toString());
    for (String split : List.of("test", "val")) {
      assertTrue(local.get(split).get("mean").isNumber(), local.toString());
      assertEquals(local.get(split), onCluster.get(split), "evaluate's " + split + " figures");
    }
    System.out.printf("standalone cluster: local mode %.1f s, cluster (extract, round with a worker lost in score,"
        + " evaluate) %.1f s; lost %s (%s)%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, lost, paused);
  }
}
