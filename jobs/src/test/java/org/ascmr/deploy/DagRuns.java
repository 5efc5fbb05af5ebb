package org.ascmr.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ascmr.io.Json;
import org.ascmr.testing.TestData;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The ascmr command lines an Airflow DAG of deploy/airflow runs, extracted by executing the DAG
 * file under python3 with Airflow stubbed out (src/test/resources/airflow/dag_runs.py): scheduled
 * runs in order, branches followed, the Variable that advances the round kept between runs, Jinja
 * templates rendered. A SparkKubernetesOperator task's command is its rendered manifest's
 * spec.arguments. Each command and each read-only call a Python callable makes (the status check
 * of choose_round) is answered by an {@link Executor} as it comes: a fake one for the command
 * lines alone, or one that runs them against a real workspace.
 */
final class DagRuns {
  /**
   * One line of a DAG run: a task's ascmr argv, a branch's choice ({@code branch}), a read-only
   * call of a callable ({@code call} true), or a task without a command (both empty).
   */
  record Task(int run, String id, List<String> argv, List<String> branch, boolean call) {
    String command() {
      return argv.get(0);
    }

    boolean runsAscmr() {
      return !argv.isEmpty() && !call;
    }

    /** The value after {@code option}, or null. */
    String value(String option) {
      int i = argv.indexOf(option);
      return i < 0 || i + 1 >= argv.size() ? null : argv.get(i + 1);
    }
  }

  /** The exit code of a command or call, and what a call printed. */
  record Reply(int code, String out) {}

  /** Runs (or pretends to run) what the DAG asks for. */
  interface Executor {
    Reply answer(Task t) throws Exception;
  }

  private DagRuns() {}

  static Path python() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "python3");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  /**
   * Runs {@code dag} {@code runs} times with ASCMR_WORKSPACE/ASCMR_INBOX as given and {@code env}
   * on top, answering each command and call with {@code executor}; returns every line in order.
   */
  @SuppressWarnings("unchecked")
  static List<Task> run(Path python, Path dag, int runs, String workspace, String inbox, Map<String, String> env,
      Path tmp, Executor executor) throws Exception {
    Path root = TestData.root();
    ProcessBuilder pb = new ProcessBuilder(python.toString(),
        root.resolve("jobs/src/test/resources/airflow/dag_runs.py").toString(), dag.toString(), String.valueOf(runs));
    pb.environment().put("ASCMR_HOME", root.toString());
    pb.environment().put("ASCMR_WORKSPACE", workspace);
    pb.environment().put("ASCMR_INBOX", inbox);
    pb.environment().put("PYTHONPYCACHEPREFIX", tmp.toString());
    pb.environment().putAll(env);
    Path errFile = tmp.resolve("dag_runs.err");
    pb.redirectError(errFile.toFile());
    Process p = pb.start();
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Task> tasks = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer answers = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.append(line).append('\n');
        JsonNode n = Json.tree(line, "dag_runs.py output");
        List<String> argv = new ArrayList<>();
        List<String> branch = new ArrayList<>();
        if (n.has("argv")) n.get("argv").forEach(a -> argv.add(a.asText()));
        if (n.has("call")) n.get("call").forEach(a -> argv.add(a.asText()));
        if (n.has("branch")) n.get("branch").forEach(a -> branch.add(a.asText()));
        if (n.has("manifest")) {
          Map<String, Object> app = yaml.load(n.get("manifest").asText());
          Map<String, Object> spec = (Map<String, Object>) app.get("spec");
          ((List<Object>) spec.get("arguments")).forEach(a -> argv.add(String.valueOf(a)));
        }
        Task t = new Task(n.get("run").asInt(), n.get("task").asText(), argv, branch, n.has("call"));
        tasks.add(t);
        if (n.has("argv") || n.has("manifest") || n.has("call")) {
          Reply r = executor.answer(t);
          ObjectNode answer = Json.mapper().createObjectNode();
          answer.put("code", r.code());
          answer.put("out", r.out());
          answers.write(Json.compact(answer) + "\n");
          answers.flush();
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), dag + ": " + Files.readString(errFile) + out);
    return tasks;
  }
}
