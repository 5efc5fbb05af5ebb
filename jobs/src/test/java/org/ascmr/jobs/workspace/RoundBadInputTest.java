package org.ascmr.jobs.workspace;

import static org.apache.spark.sql.functions.col;
import static org.ascmr.testing.RoundFixture.args;
import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.PoolColumns;
import org.ascmr.error.ExitCodes;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.ReadFailures;
import org.ascmr.jobs.io.Tables;
import org.ascmr.testing.RoundFixture;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.workspace.WorkspaceLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files under a workspace (issue 7 item 5c): a truncated Parquet part file of the pool
 * (the first, read when Spark infers the schema, or a later one, read by a task), a corrupted
 * metadata.json (the pool's, a finished stage's), a labels file truncated mid-line or cut short
 * after its ingestion. Each gives exit code 3 with a one-line message naming the file, and the
 * workspace is left as it was: no output written or replaced, the lock released; only the failure
 * is recorded (history/, the round's manifest) for status. Each case is run twice where it
 * matters: with Hadoop's .crc side file left stale (the local filesystem and HDFS verify
 * checksums) and with it removed (stores without checksums, e.g. S3), where our own checks or
 * Parquet's catch it.
 */
class RoundBadInputTest {
  private static final SparkSession SPARK = SparkTestSession.get();

  @TempDir
  static Path dir;
  static String pool;
  static Path labels;

  @BeforeAll
  static void pool() {
    // The small real pool rewritten as three Parquet files, so one can be damaged among good ones.
    String small = RoundFixture.wikipediaPool(SPARK);
    Metadata md = Tables.store(SPARK).readMetadata(small, ArtifactKind.POOL);
    pool = dir.resolve("pool").toString();
    Tables.write(SPARK, PoolTable.read(SPARK, small).rows().repartition(3, col(PoolColumns.ID)), pool, md);
    labels = RoundFixture.labelsFile(SPARK, pool, RoundFixture.trainIds(SPARK, pool).subList(0, 60),
        dir.resolve("initial.jsonl"));
  }

  private static Path workspace(String name) {
    Path ws = dir.resolve(name);
    assertEquals(0, cli("init", "--workspace", ws.toString(), "--pool", pool).code());
    assertEquals(0, cli("ingest-labels", "--workspace", ws.toString(), labels.toString()).code());
    return ws;
  }

  /** Runs round 0 on a damaged workspace: exit 3 naming {@code file}; nothing else changed. */
  private static Result failsNamingFileAndChangesNothing(Path ws, Path file, String problem) {
    Map<String, String> before = RoundFixture.digest(ws);
    Result r = cli(args("round", "--workspace", ws.toString(), "--round", "0"));
    assertEquals(ExitCodes.DATA, r.code(), r.out() + r.err());
    System.out.println("exit " + r.code() + ": " + r.err().strip());
    assertTrue(r.err().contains(file.getFileName().toString()), "names the file: " + r.err());
    assertTrue(r.err().contains(problem), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
    assertEquals(before, RoundFixture.digest(ws), "workspace unchanged");
    assertFalse(Files.exists(ws.resolve(WorkspaceLayout.LOCK_FILE)), "lock released");
    Result status = cli("status", "--workspace", ws.toString());
    assertTrue(status.out().contains("(exit 3)"), "status shows the failure: " + status.out());
    return r;
  }

  private static List<Path> parts(Path data) throws IOException {
    try (Stream<Path> s = Files.list(data)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  /** Replaces {@code file}'s bytes by its first {@code keep}; {@code dropChecksum} removes Hadoop's .crc too. */
  private static void truncate(Path file, long keep, boolean dropChecksum) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(b, (int) Math.min(keep, b.length)));
    if (dropChecksum) Files.delete(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  private static void write(Path file, String text, boolean dropChecksum) throws IOException {
    truncate(file, 0, dropChecksum);
    Files.writeString(file, text);
  }

  @Test
  void truncatedFirstParquetFileOfThePoolWithItsChecksum() throws IOException {
    Path ws = workspace("parquet-first");
    List<Path> parts = parts(ws.resolve("pool/data"));
    assertEquals(3, parts.size(), parts.toString());
    truncate(parts.get(0), Files.size(parts.get(0)) / 2, false);
    failsNamingFileAndChangesNothing(ws, parts.get(0), "Checksum error");
  }

  @Test
  void truncatedLastParquetFileOfThePoolWithoutChecksum() throws IOException {
    Path ws = workspace("parquet-last");
    List<Path> parts = parts(ws.resolve("pool/data"));
    Path last = parts.get(parts.size() - 1);
    truncate(last, Files.size(last) / 2, true);
    failsNamingFileAndChangesNothing(ws, last, ReadFailures.UNREADABLE);
  }

  @Test
  void corruptedMetadataOfThePool() throws IOException {
    Path ws = workspace("metadata");
    Path md = ws.resolve("pool/metadata.json");
    truncate(md, Files.size(md) / 3, true);
    failsNamingFileAndChangesNothing(ws, md, "not valid JSON");
  }

  @Test
  void labelsFileTruncatedAfterItsIngestion() throws IOException {
    Path ws = workspace("labels");
    Path file = ws.resolve("labels/000001.labels.jsonl");
    String text = Files.readString(file);
    truncate(file, text.length() / 2, false);
    failsNamingFileAndChangesNothing(ws, file, "Checksum error");
    // Without checksums: our line-by-line check of the labels files.
    write(file, text.substring(0, text.length() / 2), true); // mid-line
    Result r = failsNamingFileAndChangesNothing(ws, file, LabelledSetWriter.LABEL_FILE_DAMAGED);
    assertTrue(r.err().contains(", line "), r.err());
    // Cut at a line end: every line parses, the count gives it away.
    List<String> lines = text.lines().toList();
    write(file, String.join("\n", lines.subList(0, 50)) + "\n", false);
    Result shorter = failsNamingFileAndChangesNothing(ws, file, LabelledSetWriter.LABEL_FILE_DAMAGED);
    assertTrue(shorter.err().contains("holds 50 rows") && shorter.err().contains("recorded 60"), shorter.err());
    assertFalse(Files.exists(ws.resolve("rounds/0/labelled")));
  }

  @Test
  void corruptedMetadataOfAFinishedStageIsNotOverwritten() throws IOException {
    Path ws = workspace("stage");
    assertEquals(0, cli(args("train", "--workspace", ws.toString(), "--round", "0")).code());
    Path md = ws.resolve("rounds/0/train/metadata.json");
    write(md, "{\"kind\": \"retrieval-model\", \"rows\": ", true);
    failsNamingFileAndChangesNothing(ws, md, "not valid JSON");
  }
}
