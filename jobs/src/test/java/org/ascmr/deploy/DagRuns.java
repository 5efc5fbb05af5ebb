package org.ascmr.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
 * spec.arguments.
 */
final class DagRuns {
  /** One task of one DAG run: its ascmr argv (empty for a branch, whose choice is {@code branch}). */
  record Task(int run, String id, List<String> argv, List<String> branch) {
    String command() {
      return argv.get(0);
    }

    /** The value after {@code option}, or null. */
    String value(String option) {
      int i = argv.indexOf(option);
      return i < 0 || i + 1 >= argv.size() ? null : argv.get(i + 1);
    }
  }

  private DagRuns() {}

  static Path python() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "python3");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  /** Runs {@code dag} {@code runs} times with ASCMR_WORKSPACE/ASCMR_INBOX as given. */
  @SuppressWarnings("unchecked")
  static List<Task> run(Path python, Path dag, int runs, String workspace, String inbox, Path tmp)
      throws IOException, InterruptedException {
    Path root = TestData.root();
    ProcessBuilder pb = new ProcessBuilder(python.toString(),
        root.resolve("jobs/src/test/resources/airflow/dag_runs.py").toString(), dag.toString(), String.valueOf(runs));
    pb.environment().put("ASCMR_HOME", root.toString());
    pb.environment().put("ASCMR_WORKSPACE", workspace);
    pb.environment().put("ASCMR_INBOX", inbox);
    pb.environment().put("PYTHONPYCACHEPREFIX", tmp.toString());
    pb.redirectError(tmp.resolve("dag_runs.err").toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), dag + ": " + Files.readString(tmp.resolve("dag_runs.err")) + out);
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Task> tasks = new ArrayList<>();
    for (String line : out.lines().toList()) {
      JsonNode n = Json.tree(line, "dag_runs.py output");
      List<String> argv = new ArrayList<>();
      List<String> branch = new ArrayList<>();
      if (n.has("argv")) n.get("argv").forEach(a -> argv.add(a.asText()));
      if (n.has("branch")) n.get("branch").forEach(a -> branch.add(a.asText()));
      if (n.has("manifest")) {
        Map<String, Object> app = yaml.load(n.get("manifest").asText());
        Map<String, Object> spec = (Map<String, Object>) app.get("spec");
        ((List<Object>) spec.get("arguments")).forEach(a -> argv.add(String.valueOf(a)));
      }
      tasks.add(new Task(n.get("run").asInt(), n.get("task").asText(), argv, branch));
    }
    return tasks;
  }
}
