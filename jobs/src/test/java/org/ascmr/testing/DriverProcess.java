package org.ascmr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ascmr} as a separate driver JVM, as spark-submit in client mode or a scheduler would run
 * it: {@code java @conf/jvm-options -cp <the test classpath> org.ascmr.cli.AscmrMain ...}, with a
 * local Spark master whose settings match the test session's, its output in a log file. The
 * fault tests kill it or let it fail tasks.
 */
public final class DriverProcess {
  /** Spark settings of {@link SparkTestSession}, so results compare bit for bit with in-process runs. */
  public static final List<String> SPARK_LIKE_TESTS = List.of("spark.conf.spark.sql.shuffle.partitions=4",
      "spark.conf.spark.default.parallelism=2", "spark.conf.spark.ui.enabled=false",
      "spark.conf.spark.driver.host=127.0.0.1", "spark.conf.spark.driver.bindAddress=127.0.0.1");

  private final Process process;
  private final Path log;

  private DriverProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code ascmr args...}; stdout and stderr go to {@code log}. */
  public static DriverProcess start(Path log, List<String> args) {
    return start(log, command(List.of("-Xmx1500m"), args), Map.of("OMP_NUM_THREADS", "1"));
  }

  /** The java command line of {@code ascmr args...} with the extra JVM options {@code jvm} (e.g. the heap). */
  public static List<String> command(List<String> jvm, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + TestData.root().resolve("conf/jvm-options"));
    cmd.addAll(jvm);
    cmd.add("-XX:+UseParallelGC");
    String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (javacpp != null) cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + javacpp);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("org.ascmr.cli.AscmrMain");
    cmd.addAll(args);
    return cmd;
  }

  /** Starts the JVM command {@code cmd} (e.g. the one spark-submit would run) with {@code env} added. */
  public static DriverProcess start(Path log, List<String> cmd, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    try {
      return new DriverProcess(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL on Linux: no shutdown hook runs, as when a node or container is lost. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** Waits for the exit code; -1 if still running after {@code seconds} (then it is killed). */
  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      kill();
      return -1;
    }
    return process.exitValue();
  }

  /** Waits until {@code file} exists; false if the process ended first or the time ran out. */
  public boolean awaitFile(Path file, long seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (Files.exists(file)) return true;
      if (!process.isAlive()) return Files.exists(file);
      Thread.sleep(100);
    }
    return false;
  }

  /** The log so far, for assertion messages (the last {@code chars} characters). */
  public String log(int chars) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() <= chars ? s : s.substring(s.length() - chars);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
