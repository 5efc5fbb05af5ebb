package org.ascmr.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ascmr.io.Json;
import org.ascmr.testing.InProcessCli;
import org.ascmr.testing.RoundFixture;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG's own command lines, run in order against a real local workspace: the DAG file
 * is executed under python3 with Airflow stubbed (DagRuns), and every ascmr command it submits and
 * the status check its branch makes run in-process here (the cluster conf file swapped for
 * conf/local.conf, with RoundFixture's small-model settings), on a workspace over 300 Wikipedia
 * pairs per split. Annotators are simulated between runs by labels files made from the pool's
 * ground truth, dropped into the inbox as the export asked. Four scheduled runs: round 0 (no labels:
 * a bootstrap batch), a run that waits for the labels (and quarantines a bad file), rounds 1 and 2.
 */
class DagRoundsTest {
  private static final SparkSession SPARK = SparkTestSession.get();

  @TempDir
  Path dir;

  /** The DAG's argv with conf/local.conf for its conf file and the fixture's settings added. */
  private static String[] local(List<String> argv) {
    List<String> a = new ArrayList<>(argv);
    a.set(a.indexOf("--conf") + 1, TestData.root().resolve("conf/local.conf").toString());
    return RoundFixture.args(List.of("train.maxEpochs=1", "score.epochs=1"), a.toArray(String[]::new));
  }

  private static List<String> exported(Path ws, int round) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(ws.resolve("rounds/" + round + "/export/selection.jsonl"))) {
      if (!line.isBlank()) ids.add(Json.tree(line, "selection.jsonl").get("id").asText());
    }
    return ids;
  }

  @Test
  void roundsZeroOneTwoThroughTheDagsCommandLines() throws Exception {
    Path python = DagRuns.python();
    assumeTrue(python != null, "python3 not installed: DAG run skipped");
    long t0 = System.nanoTime();
    String pool = RoundFixture.wikipediaPool(SPARK);
    Path ws = dir.resolve("ws");
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    InProcessCli.Result init = InProcessCli.cli("init", "--workspace", ws.toString(), "--pool", pool);
    assertEquals(0, init.code(), init.err());
    List<String> failures = new ArrayList<>();
    StringBuilder log = new StringBuilder();

    List<DagRuns.Task> tasks = DagRuns.run(python, TestData.root().resolve("deploy/airflow/ascmr_round.py"), 4,
        ws.toString(), inbox.toString(), Map.of(), dir, t -> {
          if (t.id().equals("ingest_labels")) { // the annotators, before the run's ingest
            if (t.run() == 1) {
              String id = RoundFixture.trainIds(SPARK, pool).get(0);
              Files.writeString(inbox.resolve("labels-bad.jsonl"), "{\"id\": \"" + id + "\", \"labels\": [\"jazz\"]}\n");
            } else if (t.run() >= 2) {
              RoundFixture.labelsFile(SPARK, pool, exported(ws, t.run() - 2), inbox.resolve("round-" + (t.run() - 2)
                  + ".jsonl"));
            }
          }
          long s = System.nanoTime();
          InProcessCli.Result r = InProcessCli.cli(local(t.argv()));
          log.append(String.format("run %d %-16s %5.1f s  %s%n", t.run(), t.id(), (System.nanoTime() - s) / 1e9,
              String.join(" ", t.argv())));
          if (r.code() != 0) failures.add(t + " exited " + r.code() + ": " + r.err());
          return new DagRuns.Reply(r.code(), r.out());
        });
    System.out.print(log);
    assertEquals(List.of(), failures);

    List<List<String>> expected = List.of(
        List.of("ingest_labels", "choose_round", "choose_round", "bootstrap_round", "export_selection"),
        List.of("ingest_labels", "choose_round", "choose_round", "wait_for_labels"),
        List.of("ingest_labels", "choose_round", "choose_round", "round", "evaluate", "export_selection"),
        List.of("ingest_labels", "choose_round", "choose_round", "round", "evaluate", "export_selection"));
    for (int run = 0; run < 4; run++) {
      int n = run;
      assertEquals(expected.get(run), tasks.stream().filter(t -> t.run() == n).map(DagRuns.Task::id).toList(),
          "run " + run);
    }
    List<String> rounds = tasks.stream().filter(t -> t.runsAscmr() && t.command().equals("round"))
        .map(t -> t.value("--round") + (t.value("--bootstrap") == null ? "" : " bootstrap " + t.value("--bootstrap")))
        .toList();
    assertEquals(List.of("0 bootstrap typical", "1", "2"), rounds);

    // The bad file went to the quarantine with its report; the inbox is free for the next files.
    Path quarantine = dir.resolve("inbox-quarantine");
    assertFalse(Files.exists(inbox.resolve("labels-bad.jsonl")));
    assertTrue(Files.readString(quarantine.resolve("labels-bad.jsonl.error.txt")).contains("jazz"));

    JsonNode status = Json.tree(InProcessCli.cli("status", "--workspace", ws.toString(), "--json").out(), "status");
    assertEquals(40, status.get("labelled").asInt(), "the batches of rounds 0 and 1");
    assertEquals(List.of("0", "1", "2"), status.get("rounds").findValuesAsText("round"));
    assertEquals(2, status.get("pending").get("round").asInt());
    assertEquals(20, status.get("pending").get("selected").asInt());
    assertEquals(20, status.get("pending").get("unlabelled").asInt(), "round 2 picked no labelled pair");
    assertTrue(status.get("pending").get("exported").asBoolean());
    for (int round = 1; round <= 2; round++) {
      assertTrue(Files.exists(ws.resolve("rounds/" + round + "/train")), "round " + round + " trained");
      JsonNode eval = Json.tree(Files.readString(ws.resolve("rounds/" + round + "/evaluate.json")), "evaluate.json");
      assertTrue(eval.get("test").get("mean").isDouble(), eval.toString());
    }
    System.out.printf("DAG rounds 0 -> 1 -> 2 (300 Wikipedia pairs per split): %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
