package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ascmr.error.ExitCodes;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round whose round.budget exceeds the pool's unlabelled train pairs fails at once, before
 * training, naming round.budget and the largest value that fits (it used to fail at allocate).
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

  /** The coverage selection is O(n^2) on the driver: a pool above select.maxPairs stops at once, naming the way out. */
  @Test
  void aPoolTooLargeForTheCoverageSelectionFailsBeforeTraining() throws Exception {
    String ws = dir.resolve("ws").toString();
    assertEquals(0, cli("init", "--workspace", ws, "--pool", TestPools.openClipArtPool(SparkTestSession.get())).code());
    int train = TestPools.trainPairsById().size();
    Result boot = cli("round", "--workspace", ws, "--round", "0", "--bootstrap", "typical", "--set",
        "select.maxPairs=1000");
    assertEquals(ExitCodes.USAGE, boot.code(), boot.err());
    assertTrue(boot.err().contains("config select.maxPairs: --bootstrap typical computes exact typicality over every"
        + " train pair on the driver (O(n^2)) and the pool has " + train + " train pairs, above 1000: use --set"
        + " round.selection=paper (or --bootstrap random for a first batch)"), boot.err());
    assertFalse(Files.exists(dir.resolve("ws/rounds/0/labelled")), "failed before the snapshot");
  }
}
