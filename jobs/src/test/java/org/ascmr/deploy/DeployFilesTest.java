package org.ascmr.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ascmr.cli.AscmrMain;
import org.ascmr.cli.SubmitLine;
import org.ascmr.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The deploy/ files agree with the code: the manifests parse and name sub-commands (and options)
 * that exist, the DAGs compile, submit.sh prints the expected spark-submit lines, and the jar and
 * conf paths match between the Maven profile, the Dockerfile, the conf files and the manifests.
 */
class DeployFilesTest {
  static final List<String> STAGES = List.of("extract", "import-mat", "train", "embed", "score", "density", "allocate",
      "evaluate", "export-selection", "ingest-labels", "round");
  static final String IMAGE_JAR = "local:///opt/ascmr/ascmr-jobs-cluster.jar";

  private final Path root = TestData.root();
  private final Map<String, CommandLine> commands = AscmrMain.commandLine().getSubcommands();

  private void assertCommandExists(String name, String where) {
    assertTrue(commands.containsKey(name), where + " names sub-command '" + name + "', which ascmr does not have");
  }

  /** Each option an existing sub-command is given must be one of its options. */
  private void assertOptionsExist(String name, List<String> args, String where) {
    CommandLine cmd = commands.get(name);
    if (cmd == null) return;
    for (String a : args) {
      if (a.startsWith("--")) {
        assertTrue(cmd.getCommandSpec().findOption(a) != null, where + ": '" + name + "' has no option " + a);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void manifestsParseAndNameWhatExists() throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Set<String> seen = new TreeSet<>();
    try (Stream<Path> files = Files.list(root.resolve("deploy/k8s"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String where = root.relativize(f).toString();
        List<Object> docs = new ArrayList<>();
        yaml.loadAll(Files.readString(f)).forEach(docs::add);
        assertEquals(1, docs.size(), where);
        Map<String, Object> app = (Map<String, Object>) docs.get(0);
        assertEquals("sparkoperator.k8s.io/v1beta2", app.get("apiVersion"), where);
        assertEquals("SparkApplication", app.get("kind"), where);
        Map<String, Object> spec = (Map<String, Object>) app.get("spec");
        assertEquals(SubmitLine.MAIN_CLASS, spec.get("mainClass"), where);
        assertEquals(IMAGE_JAR, spec.get("mainApplicationFile"), where);
        List<String> args = ((List<Object>) spec.get("arguments")).stream().map(String::valueOf).toList();
        String stage = args.get(0);
        assertEquals("ascmr-" + stage + ".yaml", f.getFileName().toString(), where);
        assertCommandExists(stage, where);
        assertOptionsExist(stage, args.subList(1, args.size()), where);
        if (args.stream().anyMatch(a -> a.contains("${ROUND}"))
            && commands.get(stage).getCommandSpec().findOption("--round") != null) {
          assertEquals("${ROUND}", args.get(args.indexOf("--round") + 1), where + ": --round ${ROUND} passed");
        }
        if (commands.get(stage).getCommandSpec().findOption("--workspace") != null) {
          assertTrue(args.contains("--workspace"), where + ": runs in the workspace (lock, manifest, snapshot)");
        }
        assertEquals("--conf", args.get(1), where);
        assertTrue(args.get(2).startsWith("/opt/ascmr/conf/"), where);
        assertTrue(Files.isRegularFile(root.resolve("conf").resolve(args.get(2).substring("/opt/ascmr/conf/".length()))),
            where + " reads " + args.get(2) + ", not in conf/");
        seen.add(stage);

        Map<String, Object> restart = (Map<String, Object>) spec.get("restartPolicy");
        if ("OnFailure".equals(restart.get("type"))) {
          int retries = (Integer) restart.get("onFailureRetries");
          assertTrue(retries >= 1 && retries <= 3, where + ": bounded retries, was " + retries);
        } else {
          assertEquals("Never", restart.get("type"), where);
        }
        boolean javacppVolume = ((List<Map<String, Object>>) spec.get("volumes")).stream()
            .anyMatch(v -> "javacpp-cache".equals(v.get("name")));
        assertTrue(javacppVolume, where + " lacks the javacpp cache volume");
        for (String role : List.of("driver", "executor")) {
          Map<String, Object> pod = (Map<String, Object>) spec.get(role);
          assertTrue(String.valueOf(pod.get("javaOptions")).contains("-Dorg.bytedeco.javacpp.cachedir=/opt/javacpp-cache"),
              where + " " + role);
          // the vector API for the fixed-order products (without it they run in the slower scalar loop)
          assertTrue(String.valueOf(pod.get("javaOptions")).contains("--add-modules=jdk.incubator.vector"),
              where + " " + role + ": vector API module");
          // return-type profiles, without which C2 at times compiled the vector exponentials without intrinsics
          assertTrue(String.valueOf(pod.get("javaOptions")).contains("-XX:TypeProfileLevel=222"),
              where + " " + role + ": type profiles for the vector code");
          assertTrue(((List<Map<String, Object>>) pod.get("volumeMounts")).stream()
              .anyMatch(m -> "/opt/javacpp-cache".equals(m.get("mountPath"))), where + " " + role + " mounts the cache");
          assertTrue(pod.containsKey("memory") && pod.containsKey("memoryOverhead") && pod.containsKey("cores"),
              where + " " + role + " resources");
        }
        Map<String, Object> executor = (Map<String, Object>) spec.get("executor");
        boolean trains = stage.equals("train") || stage.equals("round");
        assertEquals(trains, executor.containsKey("gpu"), where + ": GPU request only where training runs");
        assertEquals(trains, executor.containsKey("nodeSelector"), where + ": GPU node selector");
        if (trains) {
          // train.engine = dl4j-gradient-sharing: the UDP port and Aeron's timeout on both sides.
          for (String role : List.of("driver", "executor")) {
            Map<String, Object> pod = (Map<String, Object>) spec.get(role);
            assertTrue(String.valueOf(pod.get("javaOptions")).contains("-Daeron.publication.unblock.timeout="),
                where + " " + role + ": Aeron timeout");
            List<Map<String, Object>> ports = (List<Map<String, Object>>) pod.get("ports");
            assertNotNull(ports, where + " " + role + " declares the gradient-sharing port");
            assertTrue(ports.stream().anyMatch(p -> "UDP".equals(p.get("protocol"))
                && Integer.valueOf(org.ascmr.jobs.train.TrainJob.DL4J_PORT.defaultValue()).equals(p.get("containerPort"))),
                where + " " + role + ": UDP " + org.ascmr.jobs.train.TrainJob.DL4J_PORT.defaultValue() + " in " + ports);
          }
        }
      }
    }
    assertEquals(new TreeSet<>(STAGES), seen);
  }

  /**
   * The envsubst examples (each manifest's header, docs/operations.md) set every placeholder the
   * manifest uses and derive a non-empty RUN_SUFFIX per run: re-applying an application name that
   * finished within timeToLiveSeconds does not run it again.
   */
  @Test
  void k8sExamplesDeriveAUniqueRunSuffix() throws Exception {
    String value = "(?:\\$\\([^)]*\\)|[^\\s$])*";
    Pattern example = Pattern.compile("((?:[A-Z_]+=" + value + "\\s+)+)(?:\\\\\\s+)?envsubst < (deploy/k8s/[\\w-]+\\.yaml)");
    Pattern assignment = Pattern.compile("([A-Z_]+)=(" + value + ")");
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(root.resolve("deploy/k8s"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        texts.add(Files.readString(f).replace("\n#   ", " "));
      }
    }
    texts.add(Files.readString(root.resolve("docs/operations.md")));
    int seen = 0;
    for (String text : texts) {
      Matcher m = example.matcher(text);
      while (m.find()) {
        seen++;
        String where = m.group(2) + " example: " + m.group(0);
        Map<String, String> vars = new java.util.HashMap<>();
        for (Matcher a = assignment.matcher(m.group(1)); a.find(); ) vars.put(a.group(1), a.group(2));
        String suffix = vars.get("RUN_SUFFIX");
        assertTrue(suffix != null && suffix.contains("$("), where + ": RUN_SUFFIX derived per run");
        Result r = exec(new ProcessBuilder("bash", "-c", "printf %s \"" + suffix + "\""));
        assertTrue(r.out().matches("-[a-z0-9-]{6,}"), where + ": expands to " + r.out());
        Matcher placeholders = Pattern.compile("\\$\\{([A-Z_]+)\\}").matcher(Files.readString(root.resolve(m.group(2))));
        while (placeholders.find()) {
          assertTrue(vars.containsKey(placeholders.group(1)), where + " leaves ${" + placeholders.group(1) + "} empty");
        }
      }
    }
    assertTrue(seen >= STAGES.size() + 1, "examples found: " + seen);
  }

  @Test
  void dagsCompile(@TempDir Path tmp) throws Exception {
    Path python = findPython();
    assumeTrue(python != null, "python3 not installed: DAG compile check skipped");
    assertEquals(List.of("ascmr_round.py", "ascmr_round_k8s.py"), dags().stream().map(p -> p.getFileName().toString())
        .toList());
    for (Path dag : dags()) {
      ProcessBuilder pb = new ProcessBuilder(python.toString(), "-m", "py_compile", dag.toString());
      pb.environment().put("PYTHONPYCACHEPREFIX", tmp.toString()); // keep deploy/ free of __pycache__
      Result r = exec(pb);
      assertEquals(0, r.code(), dag + " does not compile: " + r.both());
      String text = Files.readString(dag);
      assertTrue(text.contains("\"" + SubmitLine.MAIN_CLASS + "\"") || dag.toString().endsWith("_k8s.py"), dag.toString());
    }
  }

  private List<Path> dags() throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("deploy/airflow"))) {
      return s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
    }
  }

  /**
   * Three scheduled runs of each DAG against a pretend workspace (its status answered here: no
   * labels before run 0, the last batch labelled before runs 1 and 2), with its command lines
   * extracted: every command and option exists, run n is round n (round 0 a bootstrap batch since
   * nothing is labelled), every step goes through the workspace (its lock, snapshot and warm start),
   * the selection exported is that round's and a bad labels file goes to the quarantine.
   * DagRoundsTest runs the same lines against a real workspace.
   */
  @Test
  void dagsDriveTheRoundsOfAWorkspace(@TempDir Path tmp) throws Exception {
    Path python = findPython();
    assumeTrue(python != null, "python3 not installed: DAG check skipped");
    String ws = "hdfs:///ascmr/ws";
    for (Path dag : dags()) {
      String name = dag.getFileName().toString();
      List<DagRuns.Task> tasks = DagRuns.run(python, dag, 3, ws, "hdfs:///ascmr/inbox", Map.of(), tmp, t -> {
        if (!t.call()) return new DagRuns.Reply(0, "");
        String pending = t.run() == 0 ? "null"
            : "{\"round\": " + (t.run() - 1) + ", \"selected\": 20, \"unlabelled\": 0, \"exported\": true}";
        return new DagRuns.Reply(0, "{\"labelled\": " + 20 * t.run() + ", \"pending\": " + pending + "}");
      });
      for (int run = 0; run < 3; run++) {
        int n = run;
        List<DagRuns.Task> ofRun = tasks.stream().filter(t -> t.run() == n && !t.call()).toList();
        List<String> expected = run == 0
            ? List.of("ingest_labels", "choose_round", "bootstrap_round", "export_selection")
            : List.of("ingest_labels", "choose_round", "round", "evaluate", "export_selection");
        assertEquals(expected, ofRun.stream().map(DagRuns.Task::id).toList(), name + " run " + run);
        List<DagRuns.Task> calls = tasks.stream().filter(t -> t.run() == n && t.call()).toList();
        assertEquals(1, calls.size(), name + " run " + run + ": one status check");
        DagRuns.Task check = calls.get(0);
        assertEquals("choose_round", check.id());
        assertEquals("status", check.command());
        assertOptionsExist("status", check.argv(), name);
        assertEquals(ws, check.value("--workspace"), name);
        assertTrue(check.argv().contains("--json"), name);
        for (DagRuns.Task t : ofRun) {
          if (!t.runsAscmr()) continue; // the branch
          String where = name + " run " + run + " task " + t.id() + " " + t.argv();
          assertCommandExists(t.command(), where);
          assertOptionsExist(t.command(), t.argv().subList(1, t.argv().size()), where);
          assertEquals("--conf", t.argv().get(1), where);
          CommandLine cmd = commands.get(t.command());
          if (cmd.getCommandSpec().findOption("--workspace") != null) {
            assertEquals(ws, t.value("--workspace"), where + ": runs in the workspace");
          }
          if (cmd.getCommandSpec().findOption("--round") != null) {
            assertEquals(String.valueOf(run), t.value("--round"), where + ": round of this run");
          }
          if (t.command().equals("evaluate")) { // no --workspace: its JSON goes beside the round's model
            assertEquals(ws + "/rounds/" + run + "/evaluate.json", t.value("--out"), where);
          } else {
            assertFalse(t.argv().contains("--out") || t.argv().contains("--labelled"),
                where + ": writes and reads through --workspace/--round, not explicit paths");
          }
        }
        assertEquals("hdfs:///ascmr/inbox-quarantine", ofRun.get(0).value("--quarantine"), name);
        DagRuns.Task round = ofRun.get(2);
        assertEquals("round", round.command(), name);
        assertEquals(run == 0 ? "typical" : null, round.value("--bootstrap"), name + " run " + run);
      }
      // A run of round 0 after a failed one that left round 0's selection unexported: it finishes
      // round 0 (a selection of its own round is not one to wait for).
      List<DagRuns.Task> rerun = DagRuns.run(python, dag, 1, ws, "hdfs:///ascmr/inbox", Map.of(), tmp, t ->
          new DagRuns.Reply(0, t.call() ? "{\"labelled\": 0, \"pending\": {\"round\": 0, \"selected\": 20,"
              + " \"unlabelled\": 20, \"exported\": false}}" : ""));
      assertEquals(List.of("ingest_labels", "choose_round", "bootstrap_round", "export_selection"),
          rerun.stream().filter(t -> !t.call()).map(DagRuns.Task::id).toList(), name + " rerun of round 0");
    }
  }

  /** A finished process: exit code, stdout and stderr. */
  record Result(int code, String out, String err) {
    String both() {
      return out + err;
    }
  }

  private static Result exec(ProcessBuilder pb) throws IOException, InterruptedException {
    Path errFile = Files.createTempFile("deploy-test", ".err");
    try {
      pb.redirectError(errFile.toFile());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      return new Result(p.exitValue(), out, Files.readString(errFile));
    } finally {
      Files.deleteIfExists(errFile);
    }
  }

  private static Path findPython() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "python3");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  private Result submit(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("deploy/submit.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().put("ASCMR_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return exec(pb);
  }

  private String jvm(String javacppDir) throws IOException {
    List<String> opts = new ArrayList<>();
    for (String l : Files.readAllLines(root.resolve("conf/jvm-options"))) if (!l.isBlank()) opts.add(l.trim());
    return "'" + String.join(" ", opts) + " -Dorg.bytedeco.javacpp.cachedir=" + javacppDir + "'";
  }

  @Test
  void submitDryRunYarnCluster() throws Exception {
    Result r = submit("--dry-run", "--conf", "conf/yarn.conf", "--", "export-selection", "--workspace",
        "hdfs:///ascmr/ws", "--round", "3");
    assertEquals(0, r.code(), r.both());
    String expected = String.join(" \\\n  ",
        "spark-submit",
        "--master yarn",
        "--deploy-mode cluster",
        "--name ascmr-export-selection",
        "--class org.ascmr.cli.AscmrMain",
        "--conf " + jvm("/tmp/javacpp-cache").replaceFirst("^'", "'spark.driver.extraJavaOptions="),
        "--conf spark.driver.memory=8g",
        "--conf spark.driver.memoryOverhead=2g",
        "--conf spark.executor.cores=4",
        "--conf " + jvm("/tmp/javacpp-cache").replaceFirst("^'", "'spark.executor.extraJavaOptions="),
        "--conf spark.executor.instances=8",
        "--conf spark.executor.memory=8g",
        "--conf spark.executor.memoryOverhead=2g",
        "--conf spark.executorEnv.OPENBLAS_CORETYPE=Haswell",
        "--conf spark.sql.shuffle.partitions=200",
        "--conf spark.task.maxFailures=4",
        "--conf spark.yarn.appMasterEnv.OPENBLAS_CORETYPE=Haswell",
        "--conf spark.yarn.maxAppAttempts=2",
        "--conf spark.yarn.queue=default",
        "--files " + root.resolve("conf/yarn.conf"),
        root.resolve("jobs/target/ascmr-jobs-cluster.jar").toString(),
        "export-selection",
        "--conf yarn.conf",
        "--workspace hdfs:///ascmr/ws",
        "--round 3") + "\n";
    assertEquals(expected, r.out());
  }

  @Test
  void submitDryRunYarnClientKeepsTheLocalConf() throws Exception {
    Result r = submit("--dry-run", "--conf", "conf/yarn.conf", "--deploy-mode", "client", "--", "ingest-labels",
        "--workspace", "hdfs:///ascmr/ws", "--on-bad-row", "skip", "hdfs:///ascmr/inbox");
    assertEquals(0, r.code(), r.both());
    assertTrue(r.out().contains("\n  --deploy-mode client \\\n"), r.out());
    assertFalse(r.out().contains("--files"), r.out());
    assertTrue(r.out().endsWith(" \\\n  ingest-labels \\\n  --conf conf/yarn.conf \\\n  --workspace hdfs:///ascmr/ws \\\n"
        + "  --on-bad-row skip \\\n  hdfs:///ascmr/inbox\n"), r.out());
  }

  @Test
  void submitDryRunKubernetes() throws Exception {
    Result r = submit("--dry-run", "--conf", "conf/yarn.conf", "--", "status", "--conf", "conf/k8s.conf",
        "--workspace", "s3a://bucket/ws", "--set", "spark.conf.spark.executor.instances=2");
    assertEquals(0, r.code(), r.both());
    String out = r.out();
    assertTrue(out.startsWith("spark-submit \\\n  --master k8s://https://kubernetes.default.svc:443 \\\n"
        + "  --deploy-mode cluster \\\n  --name ascmr-status \\\n"), out);
    assertTrue(out.contains("  --conf spark.executor.instances=2 \\\n"), out); // the command's --set wins
    assertTrue(out.contains("  --conf spark.kubernetes.container.image=registry.example.org/ascmr/ascmr-spark:0.1.0 \\\n"),
        out);
    assertTrue(out.contains("  --conf spark.kubernetes.executor.volumes.emptyDir.javacpp.mount.path=/opt/javacpp-cache"),
        out);
    assertTrue(out.contains("  " + IMAGE_JAR + " \\\n  status \\\n  --conf /opt/ascmr/conf/k8s.conf \\\n"
        + "  --workspace s3a://bucket/ws \\\n  --set spark.conf.spark.executor.instances=2\n"), out);
    assertFalse(out.contains("--files"), out);
    // OpenBLAS's Haswell kernels on the driver and executor pods (docs/operations.md#openblas-on-intel-avx-512)
    assertTrue(out.contains("  --conf spark.executorEnv.OPENBLAS_CORETYPE=Haswell \\\n"), out);
    assertTrue(out.contains("  --conf spark.kubernetes.driverEnv.OPENBLAS_CORETYPE=Haswell \\\n"), out);
  }

  /**
   * Every way a JVM of ours starts uses OpenBLAS's Haswell kernels: the SkylakeX ones return a
   * wrong dsyev on Intel AVX-512 CPUs (docs/operations.md#openblas-on-intel-avx-512).
   */
  @Test
  void everyLauncherPinsTheOpenBlasKernels() throws IOException {
    for (String f : List.of("bin/ascmr", "deploy/submit.sh")) {
      assertTrue(Files.readString(root.resolve(f)).contains("export OPENBLAS_CORETYPE=Haswell"), f);
    }
    assertTrue(Files.readString(root.resolve("deploy/docker/Dockerfile")).contains("OPENBLAS_CORETYPE=Haswell"));
    assertTrue(Files.readString(root.resolve("pom.xml")).contains("<OPENBLAS_CORETYPE>Haswell</OPENBLAS_CORETYPE>"));
    for (String f : List.of("conf/yarn.conf", "conf/k8s.conf", "conf/standalone.conf")) {
      assertTrue(Files.readString(root.resolve(f)).contains("\"spark.executorEnv.OPENBLAS_CORETYPE\" = \"Haswell\""), f);
    }
    assertTrue(Files.readString(root.resolve("conf/yarn.conf")).contains("spark.yarn.appMasterEnv.OPENBLAS_CORETYPE"));
    assertTrue(Files.readString(root.resolve("conf/k8s.conf")).contains("spark.kubernetes.driverEnv.OPENBLAS_CORETYPE"));
  }

  @Test
  void submitRefusesBadCalls() throws Exception {
    Result typo = submit("--dry-run", "--conf", "conf/yarn.conf", "--", "status", "--set", "submit.deployMod=client");
    assertEquals(2, typo.code(), typo.both());
    assertTrue(typo.err().contains("submit.deployMod: unknown key (did you mean submit.deployMode?)"), typo.both());
    Result mode = submit("--dry-run", "--conf", "conf/yarn.conf", "--deploy-mode", "local", "--", "status");
    assertEquals(2, mode.code(), mode.both());
    assertTrue(mode.err().contains("submit.deployMode: must be one of [client, cluster], was 'local'"), mode.both());
    Result none = submit("--dry-run", "--conf", "conf/yarn.conf");
    assertEquals(2, none.code(), none.both());
    assertTrue(none.err().contains("no ascmr command"), none.both());
    Result typoCommand = submit("--dry-run", "--conf", "conf/yarn.conf", "--", "trian", "--workspace", "hdfs:///ws");
    assertEquals(2, typoCommand.code(), typoCommand.both());
    assertTrue(typoCommand.err().contains("trian: unknown ascmr command (did you mean train?)"),
        typoCommand.both());
    assertEquals("", typoCommand.out());
    // A dry run still prints the line for a jar not built yet, with a warning saying so.
    Result unbuilt = submit("--dry-run", "--conf", "conf/yarn.conf", "--jar", "/nowhere/ascmr-jobs-cluster.jar", "--",
        "round", "--workspace", "hdfs:///ws", "--round", "1");
    assertEquals(0, unbuilt.code(), unbuilt.both());
    assertTrue(unbuilt.err().contains("warning: the jar /nowhere/ascmr-jobs-cluster.jar does not exist (not built yet?)"),
        unbuilt.both());
    Result built = submit("--dry-run", "--conf", "conf/yarn.conf", "--jar", root.resolve("pom.xml").toString(), "--",
        "round", "--workspace", "hdfs:///ws", "--round", "1");
    assertEquals("", built.err());
  }

  @Test
  void binAscmrPrintSubmitUsesTheSameScript() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/ascmr").toString(), "--print-submit", "status",
        "--workspace", "hdfs:///ws").directory(root.toFile());
    pb.environment().put("ASCMR_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Result r = exec(pb);
    assertEquals(0, r.code(), r.both());
    // A report runs in client mode on YARN: it prints here, not into a container's log.
    assertTrue(r.out().startsWith("spark-submit \\\n  --master yarn \\\n  --deploy-mode client \\\n"), r.out());
    assertFalse(r.out().contains("--files"), r.out());
    assertTrue(r.out().endsWith("  status \\\n  --conf " + root.resolve("conf/yarn.conf") + " \\\n"
        + "  --workspace hdfs:///ws\n"), r.out());
    // ... unless the deploy mode is asked for; a stage keeps the conf file's cluster mode.
    assertTrue(submit("--dry-run", "--conf", "conf/yarn.conf", "--deploy-mode", "cluster", "--", "status",
        "--workspace", "hdfs:///ws").out().contains("\n  --deploy-mode cluster \\\n"));
    assertTrue(submit("--dry-run", "--conf", "conf/yarn.conf", "--", "round", "--workspace", "hdfs:///ws",
        "--round", "1").out().contains("\n  --deploy-mode cluster \\\n"));
  }

  @Test
  void jarAndConfPathsAgree() throws IOException {
    String pom = Files.readString(root.resolve("jobs/pom.xml"));
    assertTrue(pom.contains("<outputFile>${project.build.directory}/ascmr-jobs-cluster.jar</outputFile>"));
    assertTrue(pom.contains("org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"));
    assertTrue(pom.contains("<resource>reference.conf</resource>"));
    String docker = Files.readString(root.resolve("deploy/docker/Dockerfile"));
    assertTrue(docker.contains("cp jobs/target/ascmr-jobs-cluster.jar /ascmr-jobs-cluster.jar"), docker);
    assertTrue(docker.contains("COPY --from=build /ascmr-jobs-cluster.jar /opt/ascmr/ascmr-jobs-cluster.jar"), docker);
    assertTrue(docker.contains("COPY conf /opt/ascmr/conf"), docker);
    assertTrue(docker.contains("ARG SPARK_IMAGE=apache/spark:" + sparkVersion() + "-"), "Spark image matches pom.xml");
    assertTrue(docker.contains("FROM runtime-${VARIANT}"), docker);
    assertTrue(Files.readString(root.resolve("conf/k8s.conf")).contains("jar = \"" + IMAGE_JAR + "\""));
    assertTrue(Files.readString(root.resolve("conf/k8s.conf")).contains("remoteConfDir = \"/opt/ascmr/conf\""));
  }

  /** Without a GPU (CI's machines) gpu-check stops before building anything, saying why, with exit code 4. */
  @Test
  void gpuCheckStopsClearlyWithoutAGpu(@TempDir Path tmp) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("deploy/gpu-check.sh").toString(), "--out",
        tmp.resolve("out").toString()).directory(root.toFile());
    pb.environment().put("NVIDIA_SMI", tmp.resolve("no-nvidia-smi").toString());
    pb.environment().put("MVN", "false"); // a build would fail the test with another exit code
    Result r = exec(pb);
    assertEquals(4, r.code(), r.both());
    assertTrue(r.err().contains("gpu-check: no NVIDIA driver here") && r.err().contains("deploy/GPU.md"), r.err());
    assertFalse(Files.exists(tmp.resolve("out")), "nothing built or written");

    Path smi = tmp.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\necho \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA"
        + " driver\" >&2\nexit 9\n");
    assertTrue(smi.toFile().setExecutable(true));
    pb.environment().put("NVIDIA_SMI", smi.toString());
    Result noDriver = exec(pb);
    assertEquals(4, noDriver.code(), noDriver.both());
    assertTrue(noDriver.err().contains("found no usable GPU") && noDriver.err().contains("couldn't communicate"),
        noDriver.err());
    assertEquals(2, exec(new ProcessBuilder("bash", root.resolve("deploy/gpu-check.sh").toString(), "--gpu"))
        .code());
  }

  private String sparkVersion() throws IOException {
    Matcher m = Pattern.compile("<spark.version>([^<]+)</spark.version>").matcher(Files.readString(root.resolve("pom.xml")));
    assertTrue(m.find());
    return m.group(1);
  }
}
