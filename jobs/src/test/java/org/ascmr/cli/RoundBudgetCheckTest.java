package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.ascmr.data.SelectionColumns;
import org.ascmr.error.ExitCodes;
import org.ascmr.io.ArtifactKind;
import org.ascmr.jobs.allocate.AllocateJob;
import org.ascmr.jobs.io.Tables;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestPools;
import org.ascmr.workspace.WorkspaceLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round whose round.budget exceeds the pool's unlabelled train pairs fails at once, before
 * training, naming round.budget and the largest value that fits (it used to fail at allocate); a
 * pool too large for the exact coverage selection is sampled down to select.maxPairs instead.
 */
class RoundBudgetCheckTest {
  @TempDir
  Path dir;

  @Test
  void aBudgetLargerThanThePoolFailsBeforeTraining() throws Exception {
    String ws = dir.resolve("ws").toString();
    assertEquals(0, cli("init", "--workspace", ws, "--pool", TestPools.openClipArtPool(SparkTestSession.get())).code());
    List<TestPools.Pair> train = TestPools.trainPairsById();
    StringBuilder labels = new StringBuilder();
    for (TestPools.Pair p : train.subList(0, 3)) {
      labels.append("{\"id\":\"").append(p.id()).append("\",\"labels\":[\"").append(p.labels().get(0)).append("\"]}\n");
    }
    Path file = Files.writeString(dir.resolve("labels.jsonl"), labels);
    assertEquals(0, cli("ingest-labels", "--workspace", ws, file.toString()).code());

    long t0 = System.nanoTime();
    Result r = cli("round", "--workspace", ws, "--round", "1", "--set", "round.budget=100000");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    long candidates = train.size() - 3;
    assertTrue(r.err().contains("config round.budget: 100000 exceeds the number of unlabelled candidates ("
        + train.size() + " train pairs, 3 labelled): set it to at most " + candidates + ", e.g. --set round.budget="
        + candidates), r.err());
    assertFalse(Files.exists(dir.resolve("ws/rounds/1/train")), "failed before training");
    assertTrue(seconds < 20, "took " + seconds + " s");
  }

  /**
   * The coverage selection is O(n^2) on the driver: over more than select.maxPairs train pairs a
   * round runs it on a seeded uniform sample of about that many (drawn on the executors), records
   * the sample size, and picks its budget of distinct train pairs from it; the same seed draws the
   * same sample and picks.
   */
  @Test
  void aPoolAboveMaxPairsIsSelectedOnASeededSample() throws Exception {
    String pool = TestPools.openClipArtPool(SparkTestSession.get());
    java.util.Set<String> trainIds = new java.util.HashSet<>();
    TestPools.trainPairsById().forEach(p -> trainIds.add(p.id()));
    List<List<String>> runs = new java.util.ArrayList<>();
    for (String name : List.of("ws-a", "ws-b")) {
      String ws = dir.resolve(name).toString();
      assertEquals(0, cli("init", "--workspace", ws, "--pool", pool).code());
      Result boot = cli("round", "--workspace", ws, "--round", "0", "--bootstrap", "typical", "--set",
          "select.maxPairs=1000", "--set", "round.budget=45");
      assertEquals(0, boot.code(), boot.err());
      String selection = WorkspaceLayout.stageDir(ws, 0, WorkspaceLayout.SELECTION_STAGE);
      var store = Tables.store(SparkTestSession.get());
      Map<?, ?> details = (Map<?, ?>) store.readMetadata(selection, ArtifactKind.SELECTION).details()
          .get(AllocateJob.DETAILS);
      int sample = ((Number) details.get("coverageSample")).intValue();
      assertTrue(sample > 800 && sample < 1200 && sample < trainIds.size(), "sample of about 1000 train pairs of "
          + trainIds.size() + ": " + sample);
      List<String> ids = Tables.read(SparkTestSession.get(), selection, ArtifactKind.SELECTION).rows()
          .orderBy(SelectionColumns.RANK).select(SelectionColumns.ID).as(Encoders.STRING()).collectAsList();
      assertEquals(45, ids.size());
      assertEquals(45, new java.util.HashSet<>(ids).size(), "distinct picks");
      assertTrue(trainIds.containsAll(ids), "picks are train pairs");
      runs.add(ids);
    }
    assertEquals(runs.get(0), runs.get(1), "the same seed gives the same sample and picks");
  }
}
