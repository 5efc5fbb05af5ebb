package org.ascmr.jobs.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.labelling.LabelProblems;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestData;
import org.ascmr.testing.TestPools;
import org.ascmr.workspace.LabelIngestion;
import org.ascmr.workspace.LabelManifest;
import org.ascmr.workspace.PoolMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest-labels on the real files under src/test/resources/labels (real OpenClipArt ids with
 * their ground-truth labels, and one file per bad-input case).
 */
class IngestLabelsTest {
  private final SparkSession spark = SparkTestSession.get();
  private final ArtifactStore store = Tables.store(spark);

  static String resource(String name) {
    return TestData.root().resolve("jobs/src/test/resources/labels/" + name).toString();
  }

  private Workspace workspace(Path dir) {
    String ws = store.qualify(dir.resolve("ws").toString());
    Workspace.init(store, ws, TestPools.openClipArtPool(spark), PoolMode.REFERENCE);
    return Workspace.open(store, ws);
  }

  private IngestLabelsJob.Outcome ingest(Workspace ws, String file, BadRowPolicy policy) {
    IngestLabelsJob.Prepared p = IngestLabelsJob.prepare(spark, ws, store.qualify(file));
    return IngestLabelsJob.commit(spark, ws, p, policy);
  }

  /** Ground truth of the pool by id, as multi-hot. */
  private static Map<String, float[]> truth() {
    List<String> names = TestPools.openClipArtLabelNames();
    Map<String, float[]> out = new HashMap<>();
    for (TestPools.Pair p : TestPools.openClipArtPairs()) {
      float[] y = new float[names.size()];
      p.labels().forEach(l -> y[names.indexOf(l)] = 1f);
      out.put(p.id(), y);
    }
    return out;
  }

  private Map<String, float[]> labelled(Workspace ws) {
    Map<String, float[]> out = new HashMap<>();
    PoolTable pool = PoolTable.read(spark, ws.poolPath());
    for (Row r : pool.readLabelled(spark, ws.labelledPath()).collectAsList()) {
      List<Float> l = r.getList(1);
      float[] y = new float[l.size()];
      for (int i = 0; i < y.length; i++) y[i] = l.get(i);
      out.put(r.getString(0), y);
    }
    return out;
  }

  private static List<String> listing(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p) + ":" + p.toFile().length()));
    }
    out.sort(null);
    return out;
  }

  @Test
  void goodFilesOfEachFormatBuildTheLabelledSet(@TempDir Path dir) {
    Workspace ws = workspace(dir);
    IngestLabelsJob.Outcome csv = ingest(ws, resource("good.csv"), BadRowPolicy.FAIL);
    assertEquals(10, csv.ingestion().rows());
    IngestLabelsJob.Outcome jsonl = ingest(ws, resource("good.jsonl"), BadRowPolicy.FAIL);
    assertEquals(10, jsonl.ingestion().rows());
    IngestLabelsJob.Outcome ls = ingest(ws, resource("label-studio-export.json"), BadRowPolicy.FAIL);
    assertEquals(5, ls.ingestion().rows());
    assertEquals("label-studio", ls.ingestion().format());
    assertEquals(25, ls.ingestion().labelledTotal());

    LabelManifest m = ws.labels().current();
    assertEquals(3, m.version());
    assertEquals(List.of("good.csv", "good.jsonl", "label-studio-export.json"),
        m.ingestions().stream().map(i -> i.source().substring(i.source().lastIndexOf('/') + 1)).toList());
    assertTrue(LabelledSetWriter.isFresh(ws, m));
    // Every labelled id carries exactly its ground-truth labels, in the pool's multi-hot order.
    Map<String, float[]> got = labelled(ws);
    Map<String, float[]> truth = truth();
    assertEquals(25, got.size());
    got.forEach((id, y) -> assertArrayEquals(truth.get(id), y, id));
    assertEquals(25, Tables.read(spark, ws.labelledPath(), ArtifactKind.LABELLED_SET).metadata().rows());
  }

  @Test
  void sameFileAgainIsANoOp(@TempDir Path dir) throws IOException {
    Workspace ws = workspace(dir);
    LabelIngestion first = ingest(ws, resource("good.csv"), BadRowPolicy.FAIL).ingestion();
    List<String> before = listing(dir.resolve("ws/labels"));
    IngestLabelsJob.Outcome again = ingest(ws, resource("good.csv"), BadRowPolicy.FAIL);
    assertTrue(again.alreadyIngested());
    assertEquals(first, again.ingestion());
    assertEquals(before, listing(dir.resolve("ws/labels")));
    // The same bytes under another name are the same labels too.
    Path copy = dir.resolve("renamed.csv");
    Files.copy(Path.of(resource("good.csv")), copy);
    assertTrue(ingest(ws, copy.toString(), BadRowPolicy.FAIL).alreadyIngested());
    assertEquals(1, ws.labels().current().version());
  }

  @Test
  void ingestionKeepsSourceLabelsAndManifest(@TempDir Path dir) throws IOException {
    Workspace ws = workspace(dir);
    ingest(ws, resource("good.jsonl"), BadRowPolicy.FAIL);
    Path labels = dir.resolve("ws/labels");
    assertEquals(Files.readString(Path.of(resource("good.jsonl"))), Files.readString(labels.resolve("000001.source.jsonl")));
    List<String> lines = Files.readAllLines(labels.resolve("000001.labels.jsonl"));
    assertEquals(10, lines.size());
    assertEquals(lines.stream().sorted().toList(), lines); // sorted by id
    LabelIngestion i = LabelManifest.parse(Files.readString(labels.resolve("manifest-000001.json")), "m").ingestions()
        .get(0);
    assertEquals(IngestLabelsJob.sha256(Files.readAllBytes(Path.of(resource("good.jsonl")))), i.sourceSha256());
    assertEquals("jsonl", i.format());
    assertEquals(null, i.rejectsFile());
    assertTrue(Files.exists(labels.resolve("manifest-000000.json"))); // older versions stay
  }

  /** Each bad-input case: refused whole under fail (workspace unchanged), good rows in under skip. */
  @Test
  void eachBadInputCaseIsReportedWithItsRow(@TempDir Path dir) throws IOException {
    record Case(String file, String firstRef, String problem, int bad, int good) {}
    List<Case> cases = List.of(
        new Case("bad-not-in-pool.csv", "line 3", LabelProblems.NOT_IN_POOL, 1, 2),
        new Case("bad-not-train.jsonl", "line 2", LabelProblems.NOT_TRAIN, 1, 2), // the test id; the val id is labelled
        new Case("bad-unknown-label.csv", "line 3", LabelProblems.UNKNOWN_LABEL, 2, 1),
        new Case("bad-empty-labels.jsonl", "line 1", LabelProblems.EMPTY_LABELS, 2, 1),
        new Case("bad-conflict-in-file.csv", "line 3", LabelProblems.CONFLICT_IN_FILE, 2, 2),
        new Case("bad-malformed.csv", "line 3", LabelProblems.MALFORMED, 3, 1),
        new Case("bad-malformed.jsonl", "line 2", LabelProblems.MALFORMED, 3, 2),
        new Case("label-studio-bad.json", "task 2 (Label Studio id 202)", LabelProblems.MISSING_ID, 4, 2));
    for (Case c : cases) {
      Path caseDir = dir.resolve(c.file().replace('.', '-'));
      Workspace ws = workspace(caseDir);
      ingest(ws, resource("good.csv"), BadRowPolicy.FAIL);
      List<String> before = listing(caseDir.resolve("ws"));
      BadInputException e = assertThrows(BadInputException.class,
          () -> ingest(ws, resource(c.file()), BadRowPolicy.FAIL), c.file());
      assertTrue(e.getMessage().contains(c.file() + ", " + c.firstRef() + (c.problem().equals(LabelProblems.MALFORMED) ? ": " : ", field")), e.getMessage());
      assertTrue(e.problem().startsWith(c.problem()), c.file() + ": " + e.problem());
      assertTrue(e.problem().contains(c.bad() + " bad row(s) of " + (c.bad() + c.good() + (c.file().contains("conflict-in")
          ? 1 : 0)) + "; " + IngestLabelsJob.NOTHING_INGESTED), e.problem());
      assertEquals(before, listing(caseDir.resolve("ws")), c.file() + " changed the workspace");

      IngestLabelsJob.Outcome skipped = ingest(ws, resource(c.file()), BadRowPolicy.SKIP);
      assertEquals(c.good(), skipped.ingestion().rows(), c.file());
      assertEquals(c.bad(), skipped.ingestion().rejected(), c.file());
      assertEquals(10 + c.good(), labelled(ws).size(), c.file());
      List<String> rejects = Files.readAllLines(caseDir.resolve("ws/labels/000002.rejects.jsonl"));
      assertEquals(c.bad(), rejects.size(), c.file());
      assertTrue(rejects.get(0).contains("\"ref\":\"" + c.firstRef() + "\""), rejects.get(0));
    }
  }

  @Test
  void conflictWithEarlierLabels(@TempDir Path dir) throws IOException {
    Workspace ws = workspace(dir);
    ingest(ws, resource("good.csv"), BadRowPolicy.FAIL);
    BadInputException e = assertThrows(BadInputException.class,
        () -> ingest(ws, resource("bad-conflict-earlier.jsonl"), BadRowPolicy.FAIL));
    assertTrue(e.getMessage().contains("bad-conflict-earlier.jsonl, line 1, field 'labels': "
        + LabelProblems.CONFLICT_EARLIER + ": the workspace already has [animals] for this id, this row says [food]"),
        e.getMessage());
    IngestLabelsJob.Outcome o = ingest(ws, resource("bad-conflict-earlier.jsonl"), BadRowPolicy.SKIP);
    assertEquals(1, o.ingestion().rows()); // line 3
    assertEquals(1, o.ingestion().unchanged()); // line 2 repeats good.csv
    assertEquals(1, o.ingestion().rejected());
    float[] kept = labelled(ws).get("animals/architetto_francesco_ro_01");
    assertArrayEquals(truth().get("animals/architetto_francesco_ro_01"), kept); // not overwritten by 'food'
  }

  /**
   * A correction: refused without --relabel (the message says how to make it), accepted with it;
   * the labelled set (and a round's snapshot) takes each id's latest labels, the earlier file stays.
   */
  @Test
  void relabelCorrectsEarlierLabelsAndKeepsTheHistory(@TempDir Path dir) throws IOException {
    Workspace ws = workspace(dir);
    String corrected = "animals/architetto_francesco_ro_01";
    ingest(ws, resource("good.csv"), BadRowPolicy.FAIL);
    Path labels = dir.resolve("ws/labels");
    String firstFile = Files.readString(labels.resolve("000001.labels.jsonl"));
    List<String> before = listing(dir.resolve("ws"));
    BadInputException e = assertThrows(BadInputException.class,
        () -> ingest(ws, resource("bad-conflict-earlier.jsonl"), BadRowPolicy.FAIL));
    assertTrue(e.problem().startsWith(LabelProblems.CONFLICT_EARLIER), e.problem());
    assertTrue(e.problem().contains("--relabel"), e.problem());
    assertEquals(before, listing(dir.resolve("ws")));

    IngestLabelsJob.Outcome o = relabel(ws, resource("bad-conflict-earlier.jsonl"));
    assertFalse(o.alreadyIngested());
    assertEquals(1, o.ingestion().rows()); // line 3, a new id
    assertEquals(1, o.ingestion().relabelled()); // line 1
    assertEquals(1, o.ingestion().unchanged()); // line 2 repeats good.csv
    assertEquals(11, o.ingestion().labelledTotal());
    LabelIngestion recorded = LabelManifest.parse(Files.readString(labels.resolve("manifest-000002.json")), "m")
        .ingestions().get(1);
    assertEquals(1, recorded.relabelled());
    assertEquals(firstFile, Files.readString(labels.resolve("000001.labels.jsonl"))); // history untouched
    assertEquals(2, Files.readAllLines(labels.resolve("000002.labels.jsonl")).size());

    Map<String, float[]> truth = truth();
    float[] food = new float[truth.get(corrected).length];
    food[TestPools.openClipArtLabelNames().indexOf("food")] = 1f;
    Map<String, float[]> got = labelled(ws);
    assertEquals(11, got.size());
    assertArrayEquals(food, got.get(corrected));
    got.forEach((id, y) -> {
      if (!id.equals(corrected)) assertArrayEquals(truth.get(id), y, id);
    });
    assertEquals(11, Tables.read(spark, ws.labelledPath(), ArtifactKind.LABELLED_SET).metadata().rows());
    assertTrue(LabelledSetWriter.isFresh(ws, ws.labels().current()));
    // A round's snapshot is written by the same code from the same manifest.
    String snapshot = store.qualify(dir.resolve("snapshot").toString());
    LabelManifest m = ws.labels().current();
    LabelledSetWriter.write(spark, ws, m, snapshot, LabelledSetWriter.planned(ws, m));
    Row snapRow = PoolTable.read(spark, ws.poolPath()).readLabelled(spark, snapshot)
        .filter(org.apache.spark.sql.functions.col("id").equalTo(corrected)).first();
    List<Float> snapLabels = snapRow.getList(1);
    assertEquals(1f, snapLabels.get(TestPools.openClipArtLabelNames().indexOf("food")));
    assertEquals(1f, (float) snapLabels.stream().mapToDouble(Float::doubleValue).sum()); // food only
    assertEquals(11, PoolTable.read(spark, ws.poolPath()).readLabelled(spark, snapshot).count());

    // The same correction again: the same bytes are a no-op; other bytes saying the same are repeats.
    List<String> afterFirst = listing(labels);
    assertTrue(relabel(ws, resource("bad-conflict-earlier.jsonl")).alreadyIngested());
    assertEquals(afterFirst, listing(labels));
    Path again = dir.resolve("again.jsonl");
    Files.writeString(again, "{\"id\": \"" + corrected + "\", \"labels\": [\"food\"]}\n");
    IngestLabelsJob.Outcome repeat = relabel(ws, again.toString());
    assertEquals(0, repeat.ingestion().relabelled());
    assertEquals(0, repeat.ingestion().rows());
    assertEquals(1, repeat.ingestion().unchanged());
    assertArrayEquals(food, labelled(ws).get(corrected));

    // Corrected back: the latest ingestion wins, whatever came before.
    Path back = dir.resolve("back.csv");
    Files.writeString(back, "id,labels\n" + corrected + ",animals\n");
    assertEquals(1, relabel(ws, back.toString()).ingestion().relabelled());
    assertArrayEquals(truth.get(corrected), labelled(ws).get(corrected));
    assertEquals(11, labelled(ws).size());
    assertEquals(11, ws.labels().current().labelledCount());
  }

  private IngestLabelsJob.Outcome relabel(Workspace ws, String file) {
    IngestLabelsJob.Prepared p = IngestLabelsJob.prepare(spark, ws, store.qualify(file), true);
    return IngestLabelsJob.commit(spark, ws, p, BadRowPolicy.FAIL);
  }

  @Test
  void unreadableFilesAreRefusedWhole(@TempDir Path dir) throws IOException {
    Workspace ws = workspace(dir);
    BadInputException header = assertThrows(BadInputException.class,
        () -> ingest(ws, resource("bad-header.csv"), BadRowPolicy.SKIP));
    assertTrue(header.getMessage().contains("bad-header.csv, line 1, field 'header': expected a header with columns"
        + " 'id' and 'labels', found [pair_id, categories]"), header.getMessage());
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, "id,labels\nanimals/caf\u00e9,animals\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    BadInputException enc = assertThrows(BadInputException.class, () -> ingest(ws, latin1.toString(), BadRowPolicy.SKIP));
    assertTrue(enc.getMessage().contains("not UTF-8 text"), enc.getMessage());
    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "\n\n");
    BadInputException none = assertThrows(BadInputException.class, () -> ingest(ws, empty.toString(), BadRowPolicy.SKIP));
    assertTrue(none.getMessage().contains("no label rows in the file"), none.getMessage());
    assertEquals(0, ws.labels().current().version());
  }

  @Test
  void crashAfterCommitLeavesAStaleLabelledSetThatIsRebuilt(@TempDir Path dir) throws IOException {
    Workspace ws = workspace(dir);
    ingest(ws, resource("good.csv"), BadRowPolicy.FAIL);
    ingest(ws, resource("good.jsonl"), BadRowPolicy.FAIL);
    // As if the process died after writing manifest 2 but before rebuilding labelled/:
    LabelManifest one = LabelManifest.parse(Files.readString(dir.resolve("ws/labels/manifest-000001.json")), "m");
    LabelledSetWriter.write(spark, ws, one);
    assertFalse(LabelledSetWriter.isFresh(ws, ws.labels().current()));
    assertEquals(10, labelled(ws).size());
    LabelledSetWriter.ensureFresh(spark, ws);
    assertEquals(20, labelled(ws).size());
    // Leftovers of an ingestion that died before its manifest are ignored, then replaced.
    Files.writeString(dir.resolve("ws/labels/000003.labels.jsonl"), "{\"id\":\"junk\",\"labels\":[\"x\"]}\n");
    assertEquals(2, ws.labels().current().version());
    ingest(ws, resource("label-studio-export.json"), BadRowPolicy.FAIL);
    assertEquals(25, labelled(ws).size());
    assertFalse(Files.readString(dir.resolve("ws/labels/000003.labels.jsonl")).contains("junk"));
  }

  @Test
  void directoryStandsForItsLabelFiles(@TempDir Path dir) throws IOException {
    Workspace ws = workspace(dir);
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Files.copy(Path.of(resource("good.jsonl")), inbox.resolve("b.jsonl"));
    Files.copy(Path.of(resource("good.csv")), inbox.resolve("a.csv"));
    Files.writeString(inbox.resolve("notes.txt"), "not labels");
    List<String> files = IngestLabelsJob.expand(ws.files(), List.of(store.qualify(inbox.toString())));
    assertEquals(List.of("a.csv", "b.jsonl"), files.stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).toList());
    StateException missing = assertThrows(StateException.class,
        () -> IngestLabelsJob.expand(ws.files(), List.of(dir.resolve("nope.csv").toString())));
    assertTrue(missing.getMessage().contains("no such labels file or directory"), missing.getMessage());
  }
}
