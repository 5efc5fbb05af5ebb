package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ascmr.error.ExitCodes;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest-labels with several files in one call: a bad file after a good one says the good one
 * stays ingested; with --quarantine the bad file is moved aside with its report and the call
 * succeeds, so a scheduler's later runs are not blocked by it.
 */
class IngestQuarantineTest {
  private final SparkSession spark = SparkTestSession.get();

  private static String line(TestPools.Pair p, String label) {
    return "{\"id\":\"" + p.id() + "\",\"labels\":[\"" + label + "\"]}\n";
  }

  private String workspace(Path dir, Path inbox) throws Exception {
    String ws = dir.resolve("ws").toString();
    Result init = cli("init", "--workspace", ws, "--pool", TestPools.openClipArtPool(spark));
    assertEquals(0, init.code(), init.err());
    List<TestPools.Pair> train = TestPools.trainPairsById();
    Files.createDirectories(inbox);
    Files.writeString(inbox.resolve("a-good.jsonl"), line(train.get(0), train.get(0).labels().get(0))
        + line(train.get(1), train.get(1).labels().get(0)));
    Files.writeString(inbox.resolve("b-bad.jsonl"), line(train.get(2), "no-such-label"));
    return ws;
  }

  @Test
  void aRefusedSecondFileSaysTheFirstStaysIngested(@TempDir Path dir) throws Exception {
    Path inbox = dir.resolve("inbox");
    String ws = workspace(dir, inbox);
    Result r = cli("ingest-labels", "--workspace", ws, inbox.toString());
    assertEquals(ExitCodes.DATA, r.code(), r.err());
    assertTrue(r.out().contains("a-good.jsonl: ingested as #1: 2 newly labelled"), r.out());
    assertTrue(r.err().contains("b-bad.jsonl"), r.err());
    assertFalse(r.err().contains("nothing was ingested"), r.err());
    assertTrue(r.err().contains("nothing of this file was ingested"), r.err());
    assertTrue(r.err().contains("the earlier file(s) of this call stay ingested: ") && r.err().contains("a-good.jsonl as #1"),
        r.err());
    assertTrue(Files.exists(inbox.resolve("b-bad.jsonl")), "without --quarantine the file stays where it is");
  }

  @Test
  void quarantineMovesTheBadFileWithItsReport(@TempDir Path dir) throws Exception {
    Path inbox = dir.resolve("inbox");
    Path quarantine = dir.resolve("quarantine");
    String ws = workspace(dir, inbox);
    Result r = cli("ingest-labels", "--workspace", ws, "--quarantine", quarantine.toString(), inbox.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("a-good.jsonl: ingested as #1: 2 newly labelled"), r.out());
    assertTrue(r.out().contains("b-bad.jsonl: quarantined to "), r.out());
    assertFalse(Files.exists(inbox.resolve("b-bad.jsonl")));
    assertTrue(Files.exists(quarantine.resolve("b-bad.jsonl")));
    String report = Files.readString(quarantine.resolve("b-bad.jsonl.error.txt"));
    assertTrue(report.contains("no-such-label"), report);
    assertTrue(report.contains("nothing of it was ingested"), report);
    // The next run sees a clean inbox; the same name quarantined again does not overwrite the first.
    Files.writeString(inbox.resolve("b-bad.jsonl"), "{not json\n");
    Result again = cli("ingest-labels", "--workspace", ws, "--quarantine", quarantine.toString(), inbox.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("a-good.jsonl: already ingested as #1"), again.out());
    assertTrue(Files.exists(quarantine.resolve("b-bad.1.jsonl")));
    assertTrue(Files.exists(quarantine.resolve("b-bad.1.jsonl.error.txt")));
    Result status = cli("status", "--workspace", ws);
    assertTrue(status.out().contains("labelled    2 ids from 1 ingestion(s)"), status.out());
  }
}
