package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** ingest-labels --relabel from the command line: the refusal names it, the flag corrects, status shows it. */
class IngestRelabelCliTest {
  private final SparkSession spark = SparkTestSession.get();

  private static String line(TestPools.Pair p, String label) {
    return "{\"id\":\"" + p.id() + "\",\"labels\":[\"" + label + "\"]}\n";
  }

  @Test
  void relabelTurnsAConflictIntoACorrection(@TempDir Path dir) throws Exception {
    String ws = dir.resolve("ws").toString();
    Result init = cli("init", "--workspace", ws, "--pool", TestPools.openClipArtPool(spark));
    assertEquals(0, init.code(), init.err());
    List<TestPools.Pair> train = TestPools.trainPairsById();
    TestPools.Pair a = train.get(0);
    String other = TestPools.openClipArtLabelNames().stream().filter(l -> !a.labels().contains(l)).findFirst()
        .orElseThrow();
    Path first = Files.writeString(dir.resolve("first.jsonl"), line(a, a.labels().get(0))
        + line(train.get(1), train.get(1).labels().get(0)));
    Path fix = Files.writeString(dir.resolve("fix.jsonl"), line(a, other));
    assertEquals(0, cli("ingest-labels", "--workspace", ws, first.toString()).code());

    Result refused = cli("ingest-labels", "--workspace", ws, fix.toString());
    assertEquals(ExitCodes.DATA, refused.code(), refused.err());
    assertTrue(refused.err().contains("conflicting labels against earlier labels"), refused.err());
    assertTrue(refused.err().contains("--relabel"), refused.err());

    Result fixed = cli("ingest-labels", "--workspace", ws, "--relabel", fix.toString());
    assertEquals(0, fixed.code(), fixed.err());
    assertTrue(fixed.out().contains("fix.jsonl: ingested as #2: 0 newly labelled, 1 relabelled, 0 unchanged"),
        fixed.out());
    Result again = cli("ingest-labels", "--workspace", ws, "--relabel", fix.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("fix.jsonl: already ingested as #2"), again.out());
    Result status = cli("status", "--workspace", ws);
    assertTrue(status.out().contains("labelled    2 ids from 2 ingestion(s)"), status.out());
    assertTrue(status.out().contains("(+0 new, 1 relabelled, 0 rejected)"), status.out());
  }
}
