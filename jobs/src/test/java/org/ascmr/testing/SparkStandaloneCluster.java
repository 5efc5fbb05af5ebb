package org.ascmr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ascmr.io.Json;

/**
 * A Spark standalone cluster of separate JVMs on 127.0.0.1 for tests: one
 * {@code org.apache.spark.deploy.master.Master} and {@code n} {@code worker.Worker}s of one core
 * each, started from this JVM's classpath, every port and web UI on the loopback address.
 * <p>
 * Workers launch executors through Spark's own launcher, which needs a SPARK_HOME: one is laid
 * out under the cluster's directory, its {@code jars/} holding links to every jar of the test
 * classpath except the ascmr ones (Spark, Hadoop, and the dependencies the shaded cluster jar
 * would carry), its {@code conf/log4j2.properties} keeping the logs to warnings plus the deploy
 * and ascmr lines. The ascmr classes reach the driver and the executors only in the application
 * jar that {@link #submit} ships, as with a real cluster.
 * <p>
 * {@link #close()} SIGKILLs every JVM this class started (drivers, master, workers and the
 * executors they spawned); a shutdown hook does the same if the test JVM exits first.
 */
public final class SparkStandaloneCluster implements AutoCloseable {
  private static final String LOCALHOST = "127.0.0.1";
  private static final String LOG4J = """
      rootLogger.level = warn
      rootLogger.appenderRef.stderr.ref = console
      appender.console.type = Console
      appender.console.name = console
      appender.console.target = SYSTEM_ERR
      appender.console.layout.type = PatternLayout
      appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1}: %m%n
      logger.deploy.name = org.apache.spark.deploy
      logger.deploy.level = info
      logger.ascmr.name = org.ascmr
      logger.ascmr.level = info
      logger.parquet.name = org.apache.parquet
      logger.parquet.level = error
      logger.hadoop.name = org.apache.hadoop
      logger.hadoop.level = error
      """;

  private final Path dir;
  private final Path sparkHome;
  private final int masterPort;
  private final int masterUiPort;
  private final Map<String, Process> daemons = new LinkedHashMap<>();
  private final List<DriverProcess> drivers = new ArrayList<>();
  private final Thread reaper = new Thread(this::killAll, "spark-standalone-cluster-reaper");

  private SparkStandaloneCluster(Path dir, int masterPort, int masterUiPort) {
    this.dir = dir;
    this.sparkHome = dir.resolve("spark-home");
    this.masterPort = masterPort;
    this.masterUiPort = masterUiPort;
  }

  /**
   * Lays out SPARK_HOME under {@code dir}, starts the master and {@code workers} workers (1 core,
   * {@code workerMemory} each, e.g. "1g") and waits until all have registered, at most
   * {@code timeout}. On failure everything started is killed and the logs are in the message.
   */
  public static SparkStandaloneCluster start(Path dir, int workers, String workerMemory, Duration timeout) {
    SparkStandaloneCluster c = new SparkStandaloneCluster(dir, freePort(), freePort());
    Runtime.getRuntime().addShutdownHook(c.reaper);
    try {
      c.layOutSparkHome();
      c.daemons.put("master", c.daemon("master", "org.apache.spark.deploy.master.Master", "--host", LOCALHOST,
          "--port", Integer.toString(c.masterPort), "--webui-port", Integer.toString(c.masterUiPort)));
      for (int i = 1; i <= workers; i++) {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        c.daemons.put("worker-" + i, c.daemon("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host",
            LOCALHOST, "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", workerMemory, "--work-dir",
            work.toString(), c.masterUrl()));
      }
      c.awaitWorkers(workers, timeout);
      return c;
    } catch (IOException | RuntimeException | InterruptedException e) {
      String logs = c.logs(3000);
      c.close();
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new IllegalStateException("the standalone cluster did not start: " + e + "\n" + logs, e);
    }
  }

  public String masterUrl() {
    return "spark://" + LOCALHOST + ":" + masterPort;
  }

  public Path sparkHome() {
    return sparkHome;
  }

  /** The work directory of worker {@code i} (1-based): one app-* directory per application it ran executors for. */
  public Path workDir(int i) {
    return dir.resolve("worker-" + i);
  }

  /**
   * Runs {@code spark-submit args...} the way Spark's bin/spark-submit does: Spark's launcher
   * ({@code org.apache.spark.launcher.Main}) builds the driver's java command from the arguments
   * and SPARK_HOME (client mode: the driver's memory, extraJavaOptions and classpath applied),
   * then that command runs with its output in {@code log}.
   */
  public DriverProcess submit(Path log, List<String> args) {
    List<String> launcher = new ArrayList<>(List.of(java(), "-Xmx128m", "-cp", sparkHome.resolve("jars") + "/*",
        "org.apache.spark.launcher.Main", "org.apache.spark.deploy.SparkSubmit"));
    launcher.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env());
    byte[] out;
    try {
      Process p = pb.start();
      out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("Spark's launcher failed on " + args + ": "
            + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    DriverProcess driver = DriverProcess.start(log, launchCommand(new String(out, StandardCharsets.UTF_8)),
        Map.of("OMP_NUM_THREADS", "1"));
    synchronized (drivers) {
      drivers.add(driver);
    }
    return driver;
  }

  /**
   * The command in the launcher's output: for bash it prints any messages, a NUL and a newline,
   * then the command's arguments each ended by a NUL (bin/spark-class reads it so).
   */
  static List<String> launchCommand(String out) {
    int start = out.indexOf("\0\n");
    if (start < 0) throw new IllegalStateException("no command in Spark's launcher output: " + out);
    List<String> cmd = new ArrayList<>(Arrays.asList(out.substring(start + 2).split("\0")));
    cmd.removeIf(String::isEmpty);
    return cmd;
  }

  /**
   * SIGKILLs the worker whose executor has process id {@code executorPid}, and its executors, as
   * when a node is lost. Returns the worker's name ("worker-2").
   */
  public String killWorkerOf(long executorPid) throws InterruptedException {
    for (Map.Entry<String, Process> w : daemons.entrySet()) {
      if (w.getKey().startsWith("worker-") && w.getValue().descendants().anyMatch(h -> h.pid() == executorPid)) {
        kill(w.getValue());
        return w.getKey();
      }
    }
    throw new IllegalStateException("no worker of ours runs process " + executorPid);
  }

  /** Whether {@code name} ("master", "worker-1", ...) is still running. */
  public boolean isAlive(String name) {
    return daemons.get(name).isAlive();
  }

  /** The last {@code chars} characters of every daemon's and executor's log, for failure messages. */
  public String logs(int chars) {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".log")
          || p.getFileName().toString().equals("stderr")).sorted()::iterator) {
        String s = Files.readString(f, StandardCharsets.UTF_8);
        b.append("--- ").append(dir.relativize(f)).append(" ---\n")
            .append(s.length() <= chars ? s : s.substring(s.length() - chars)).append('\n');
      }
    } catch (IOException | UncheckedIOException e) {
      b.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
    }
    return b.toString();
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (or ran) killAll
    }
  }

  private void killAll() {
    synchronized (drivers) {
      for (DriverProcess d : drivers) {
        try {
          d.kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    // Workers first (with their executors), the master last.
    List<Process> order = new ArrayList<>(daemons.values());
    java.util.Collections.reverse(order);
    for (Process p : order) {
      try {
        kill(p);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** SIGKILL to {@code p} and every process below it (a worker's executors), then waits for them. */
  private static void kill(Process p) throws InterruptedException {
    List<ProcessHandle> below = p.descendants().toList();
    p.destroyForcibly();
    below.forEach(ProcessHandle::destroyForcibly);
    p.waitFor(30, TimeUnit.SECONDS);
    for (ProcessHandle h : below) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // reported by the caller's checks, if it matters
      }
    }
  }

  private void layOutSparkHome() throws IOException {
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    Path conf = Files.createDirectories(sparkHome.resolve("conf"));
    Files.writeString(conf.resolve("log4j2.properties"), LOG4J, StandardCharsets.UTF_8);
    Set<Path> app = new HashSet<>(TestJars.applicationRoots());
    Set<String> names = new HashSet<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      String name = p.getFileName().toString();
      // Directories are this build's classes; ascmr-* jars are the application (or its tests).
      if (!name.endsWith(".jar") || name.startsWith("ascmr-") || app.contains(p) || !Files.isRegularFile(p)) continue;
      if (names.add(name)) Files.createSymbolicLink(jars.resolve(name), p);
    }
  }

  private Process daemon(String name, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java(), "@" + TestData.root().resolve("conf/jvm-options"),
        // Small, short-lived daemons on a busy machine: a small heap, C1 only for a quick start.
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", sparkHome.resolve("conf") + java.io.File.pathSeparator + sparkHome.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().putAll(env());
    return pb.start();
  }

  /** The environment of every Spark JVM here: SPARK_LOCAL_IP keeps web UIs and block managers on loopback. */
  private Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", LOCALHOST);
    env.put("SPARK_LOCAL_HOSTNAME", LOCALHOST);
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return env;
  }

  private void awaitWorkers(int n, Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI json = URI.create("http://" + LOCALHOST + ":" + masterUiPort + "/json/");
    long end = System.nanoTime() + timeout.toNanos();
    int alive = 0;
    while (System.nanoTime() < end) {
      for (Map.Entry<String, Process> d : daemons.entrySet()) {
        if (!d.getValue().isAlive()) throw new IllegalStateException(d.getKey() + " exited");
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(json).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode status = Json.tree(r.body(), json.toString());
        alive = status.path("aliveworkers").asInt();
        if (alive == n) return;
      } catch (IOException e) {
        // the master's web UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(alive + " of " + n + " workers registered within " + timeout);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOCALHOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
