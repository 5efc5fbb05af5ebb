package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.ascmr.error.ExitCodes;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.workspace.ExportSelectionJob;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.jobs.workspace.WorkspaceLock;
import org.ascmr.labelling.Csv;
import org.ascmr.labelling.LabelProblems;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestData;
import org.ascmr.testing.TestPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace commands end to end through the CLI, in-process on the shared Spark session:
 * init -> (a selection of round 0) -> export-selection -> annotate from ground truth ->
 * ingest-labels -> status, and the exit codes a scheduler sees.
 */
class WorkspaceCommandsTest {
  private final SparkSession spark = SparkTestSession.get();
  private final ArtifactStore store = Tables.store(spark);



  /** The first 20 train ids (by id) that good.csv does not label: what a round might select. */
  private static List<String> selectedIds() {
    List<TestPools.Pair> train = TestPools.trainPairsById();
    List<String> ids = new ArrayList<>();
    for (int i = 3; ids.size() < 20; i += 97) ids.add(train.get(i).id());
    return ids;
  }

  private String initWorkspace(Path dir) {
    String ws = dir.resolve("ws").toString();
    Result r = cli("init", "--workspace", ws, "--pool", TestPools.openClipArtPool(spark));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("created workspace "), r.out());
    assertTrue(r.out().contains("pool 3195 rows, 39 labels (copy of "), r.out());
    assertTrue(Files.exists(dir.resolve("ws/labelled/metadata.json")));
    return ws;
  }

  @Test
  void initWithAMissingPoolLeavesNothingBehind(@TempDir Path dir) {
    Path ws = dir.resolve("ws");
    Result r = cli("init", "--workspace", ws.toString(), "--pool", dir.resolve("no-such-pool").toString());
    assertEquals(ExitCodes.STATE, r.code(), r.err());
    assertTrue(r.err().contains("no-such-pool"), r.err());
    assertFalse(Files.exists(ws), "a failed init left " + ws + " behind");
  }

  @Test
  void exportAnnotateIngestStatusRoundTrip(@TempDir Path dir) throws IOException {
    String ws = initWorkspace(dir);
    assertEquals(0, cli("init", "--workspace", ws, "--pool", TestPools.openClipArtPool(spark)).code());
    List<String> ids = selectedIds();
    TestPools.writeSelection(spark, dir.resolve("ws/rounds/0/allocate").toString(), 0, ids,
        TestPools.openClipArtPool(spark));

    Result status0 = cli("status", "--workspace", ws);
    assertEquals(0, status0.code(), status0.err());
    assertTrue(status0.out().contains("pending     round 0: 20 of 20 selected ids still unlabelled (not exported yet"),
        status0.out());

    Result export = cli("export-selection", "--workspace", ws, "--round", "latest");
    assertEquals(0, export.code(), export.err());
    assertTrue(export.out().contains("exported 20 pairs of round 0"), export.out());
    Path out = dir.resolve("ws/rounds/0/export");
    Map<String, TestPools.Pair> pairs = TestPools.openClipArtPairs().stream()
        .collect(Collectors.toMap(TestPools.Pair::id, p -> p));

    // CSV: rank order, the bundle's text, image paths that exist.
    List<Csv.Record> csv = Csv.parse(Files.readString(out.resolve("selection.csv")));
    assertEquals(List.of("rank", "id", "image", "text", "labels"), csv.get(0).fields());
    assertEquals(21, csv.size());
    for (int i = 0; i < 20; i++) {
      List<String> f = csv.get(i + 1).fields();
      assertEquals(ids.get(i), f.get(1));
      assertEquals(pairs.get(ids.get(i)).text(), f.get(3));
      assertTrue(Files.isRegularFile(Path.of(f.get(2).replaceFirst("^file:", ""))), f.get(2));
      assertEquals("", f.get(4));
    }
    // JSONL and Label Studio tasks carry the same ids; the config one Choice per label.
    assertEquals(20, Files.readAllLines(out.resolve("selection.jsonl")).size());
    JsonNode tasks = Json.tree(Files.readString(out.resolve("label-studio-tasks.json")), "tasks");
    assertEquals(ids.get(5), tasks.get(5).get("data").get("ascmr_id").asText());
    assertEquals(pairs.get(ids.get(5)).text(), tasks.get(5).get("data").get("text").asText());
    String config = Files.readString(out.resolve("label-studio-config.xml"));
    assertEquals(39, config.lines().filter(l -> l.contains("<Choice ")).count());
    assertTrue(config.contains("choice=\"multiple\""), config);
    assertTrue(Files.exists(out.resolve("metadata.json")));
    assertTrue(cli("export-selection", "--workspace", ws, "--round", "0").out().startsWith("up to date: "));

    // An annotator fills the labels column from the ground truth and hands the CSV back.
    StringBuilder filled = new StringBuilder("rank,id,image,text,labels\n");
    for (int i = 0; i < 20; i++) {
      List<String> f = new ArrayList<>(csv.get(i + 1).fields());
      f.set(4, String.join("|", pairs.get(f.get(1)).labels()));
      filled.append(Csv.row(f)).append('\n');
    }
    Path labels = dir.resolve("round-0-labels.csv");
    Files.writeString(labels, filled);
    Result ingest = cli("ingest-labels", "--workspace", ws, labels.toString());
    assertEquals(0, ingest.code(), ingest.err());
    assertTrue(ingest.out().contains("ingested as #1: 20 newly labelled, 0 unchanged, 0 rejected; 20 labelled in all"),
        ingest.out());
    Result again = cli("ingest-labels", "--workspace", ws, labels.toString());
    assertTrue(again.out().contains("already ingested as #1"), again.out());

    Result status = cli("status", "--workspace", ws);
    assertTrue(status.out().contains("labelled    20 ids from 1 ingestion(s)"), status.out());
    assertTrue(status.out().contains("pending     round 0: 0 of 20 selected ids still unlabelled"), status.out());
    assertTrue(status.out().contains("round 0     allocate=succeeded(20 rows"), status.out());
    assertTrue(status.out().contains("export=succeeded(20 rows"), status.out());
    assertTrue(status.out().contains("lock        free"), status.out());
    assertTrue(status.out().contains("failures    none"), status.out());

    JsonNode json = Json.tree(cli("status", "--workspace", ws, "--json").out(), "status");
    assertEquals(20, json.get("labelled").asInt());
    assertEquals(0, json.get("pending").get("unlabelled").asInt());
    assertTrue(json.get("labelledFresh").asBoolean());
    assertEquals("allocate", json.get("rounds").get(0).get("stages").get(0).get("stage").asText());
  }

  @Test
  void exitCodesForSchedulers(@TempDir Path dir) throws IOException {
    String ws = initWorkspace(dir);
    String bad = TestData.root().resolve("jobs/src/test/resources/labels/bad-unknown-label.csv").toString();
    Result data = cli("ingest-labels", "--workspace", ws, bad);
    assertEquals(ExitCodes.DATA, data.code());
    assertTrue(data.err().contains("line 3, field 'labels': " + LabelProblems.UNKNOWN_LABEL + ": 'animal'"), data.err());
    assertTrue(data.err().contains("line 4, field 'labels': " + LabelProblems.UNKNOWN_LABEL + ": 'clipart'"), data.err());

    Result skip = cli("ingest-labels", "--workspace", ws, "--on-bad-row", "skip", bad);
    assertEquals(0, skip.code(), skip.err());
    assertTrue(skip.out().contains("1 newly labelled, 0 unchanged, 2 rejected (see labels/000001.rejects.jsonl)"),
        skip.out());

    StateFiles files = new StateFiles(store);
    String wsq = store.qualify(ws);
    try (WorkspaceLock held = WorkspaceLock.acquire(files, wsq, "round --round 1", false, java.time.Duration.ofHours(1))) {
      Result locked = cli("ingest-labels", "--workspace", ws, bad);
      assertEquals(ExitCodes.STATE, locked.code());
      assertTrue(locked.err().contains(WorkspaceLock.LOCKED), locked.err());
      assertTrue(locked.err().contains("running 'round --round 1'"), locked.err());
    }

    Result noSelection = cli("export-selection", "--workspace", ws);
    assertEquals(ExitCodes.STATE, noSelection.code());
    assertTrue(noSelection.err().contains("no round has a selection yet"), noSelection.err());
    Result usage = cli("export-selection", "--selection", "x");
    assertEquals(ExitCodes.USAGE, usage.code());
    assertTrue(usage.err().contains("give --workspace <ws> [--round <n>], or all of --selection, --pool and --out"),
        usage.err());
    assertEquals(ExitCodes.USAGE, cli("ingest-labels", "--workspace", ws, "--on-bad-row", "ignore", bad).code());
    assertEquals(ExitCodes.STATE, cli("status", "--workspace", dir.resolve("none").toString()).code());

    Result status = cli("status", "--workspace", ws);
    assertTrue(status.out().contains("failure"), status.out());
    assertTrue(status.out().contains(" ingest-labels --workspace " + ws + " " + bad + " (exit 3)"), status.out());
    assertFalse(status.out().contains("ingest-labels ingest-labels"), status.out());
    assertTrue(status.out().contains("(exit 4): "), status.out());
  }

  @Test
  void exportOutsideAWorkspaceAndWithoutABundle(@TempDir Path dir) throws IOException {
    List<String> ids = selectedIds().subList(0, 5);
    String pool = TestPools.importedPool(spark);
    String selection = TestPools.writeSelection(spark, dir.resolve("sel").toString(), 4, ids, pool);
    Result r = cli("export-selection", "--selection", selection, "--pool", pool, "--out", dir.resolve("exp").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("note: " + ExportSelectionJob.IDS_ONLY), r.out());
    assertTrue(r.out().contains("exported 5 pairs of round 4"), r.out());
    assertTrue(r.out().contains("(ids only)"), r.out());
    assertEquals("rank,id,labels", Files.readAllLines(dir.resolve("exp/selection.csv")).get(0));
    JsonNode task = Json.tree(Files.readString(dir.resolve("exp/label-studio-tasks.json")), "t").get(0).get("data");
    assertEquals(ids.get(0), task.get("ascmr_id").asText());
    assertFalse(task.has("image"));
    assertTrue(Files.readString(dir.resolve("exp/README.txt")).contains("only the ids are exported"));

    // With the bundle given explicitly (--pairs), the texts come back.
    Result withPairs = cli("export-selection", "--selection", selection, "--pool", pool, "--out",
        dir.resolve("exp2").toString(), "--pairs", TestData.openClipArt().toString(),
        "--set", "export.imageUrlPrefix=/data/local-files/?d=openclipart/");
    assertEquals(0, withPairs.code(), withPairs.err());
    JsonNode t2 = Json.tree(Files.readString(dir.resolve("exp2/label-studio-tasks.json")), "t").get(0).get("data");
    assertTrue(t2.get("image").asText().startsWith("/data/local-files/?d=openclipart/images/"), t2.toString());
    // A selection id that is not in the pool is a data error naming it.
    String foreign = TestPools.writeSelection(spark, dir.resolve("sel2").toString(), 4, List.of("animals/nope_01"), pool);
    Result badSel = cli("export-selection", "--selection", foreign, "--pool", pool, "--out", dir.resolve("e3").toString());
    assertEquals(ExitCodes.DATA, badSel.code());
    assertTrue(badSel.err().contains("id animals/nope_01, field 'id': selected id not in the pool"), badSel.err());
  }
}
