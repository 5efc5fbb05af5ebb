package org.ascmr.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.ascmr.testing.InProcessCli.cli;
import static org.ascmr.testing.RoundFixture.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.SelectionColumns;
import org.ascmr.data.Split;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Json;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.train.TrainJob;
import org.ascmr.jobs.workspace.ExportSelectionJob;
import org.ascmr.jobs.workspace.RoundJob;
import org.ascmr.labelling.AnnotationExport;
import org.ascmr.labelling.LabelProblems;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.RoundFixture;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelling a val set through the workspace's round trip, on the small real Wikipedia pool with
 * the labels of its val split removed: train refuses the pool until val pairs are labelled;
 * export-selection --split val exports a seeded sample of unlabelled val pairs; ingest-labels takes
 * their labels (still refusing test ids); the round then trains with them as its val rows and
 * selects train pairs only. A workspace with val labels alone bootstraps like one without labels.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValLabellingTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  private static final ArtifactStore STORE = Tables.store(SPARK);

  @TempDir
  static Path dir;
  static String pool;
  static String ws;
  static List<String> train;
  static Set<String> val;
  static List<String> test;
  static List<String> exported;

  @BeforeAll
  static void poolWithoutValLabels() {
    String full = RoundFixture.wikipediaPool(SPARK);
    PoolTable p = PoolTable.read(SPARK, full);
    Dataset<Row> rows = p.rows().withColumn(PoolColumns.LABELS, when(col(PoolColumns.SPLIT).equalTo(lit("val")),
        lit(null)).otherwise(col(PoolColumns.LABELS)));
    pool = dir.resolve("pool").toString();
    Metadata md = Metadata.create(ArtifactKind.POOL, "test-no-val-labels", 0L, 0, java.util.Map.of(), List.of(),
        java.util.Map.of(org.ascmr.data.PoolInfo.DETAIL_KEY, p.info()));
    Tables.write(SPARK, SPARK.createDataFrame(rows.javaRDD(), PoolTable.SCHEMA).coalesce(2), pool, md);
    train = ids(Split.TRAIN);
    val = new HashSet<>(ids(Split.VAL));
    test = ids(Split.TEST);
    ws = dir.resolve("ws").toString();
    assertEquals(0, cli("init", "--workspace", ws, "--pool", pool).code());
  }

  private static List<String> ids(Split split) {
    List<String> out = new ArrayList<>();
    for (Row r : PoolTable.read(SPARK, pool).split(split).select(PoolColumns.ID).orderBy(PoolColumns.ID)
        .collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  private static Path labels(List<String> ids, String name) {
    // Ground truth from the full pool (this pool has none for val).
    return RoundFixture.labelsFile(SPARK, RoundFixture.wikipediaPool(SPARK), ids, dir.resolve("files").resolve(name));
  }

  private static List<String> exportedIds(String exportDir) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(exportDir, AnnotationExport.JSONL_FILE))) {
      out.add(Json.mapper().readTree(line).get("id").asText());
    }
    return out;
  }

  private static List<String> selection(String workspace, int round) {
    return Tables.read(SPARK, STORE.qualify(workspace) + "/rounds/" + round + "/allocate", ArtifactKind.SELECTION)
        .rows().select(SelectionColumns.ID).collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  @Order(1)
  void trainRefusesAPoolWithoutLabelledValRows() {
    assertEquals(0, cli("ingest-labels", "--workspace", ws, labels(train.subList(0, 60), "train.jsonl").toString())
        .code());
    Result r = cli(args("round", "--workspace", ws, "--round", "0"));
    assertNotEquals(0, r.code(), r.err());
    assertTrue(r.err().contains(TrainJob.NO_VAL_ROWS), r.err());
    assertTrue(r.err().contains("export-selection --workspace <ws> --split val"), r.err());
  }

  @Test
  @Order(2)
  void exportsASeededSampleOfUnlabelledValPairs() throws IOException {
    Result r = cli(args("export-selection", "--workspace", ws, "--split", "val", "--count", "40"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("exported 40 val pairs to "), r.out());
    String out = ws + "/" + ExportSelectionJob.VAL_EXPORT_DIR
        + "/labels-000001";
    exported = exportedIds(out);
    assertEquals(40, exported.size());
    assertEquals(40, new HashSet<>(exported).size(), "distinct ids");
    assertTrue(val.containsAll(exported), "val ids only: " + exported);
    assertTrue(Files.readString(Path.of(out, AnnotationExport.README_FILE)).startsWith("ascmr val sample: 40 val"));
    Result again = cli(args("export-selection", "--workspace", ws, "--split", "val", "--count", "40"));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("up to date: 40 val pairs"), again.out());
    assertEquals(exported, exportedIds(out));

    Result badSplit = cli("export-selection", "--workspace", ws, "--split", "test");
    assertEquals(org.ascmr.error.ExitCodes.USAGE, badSplit.code(), badSplit.err());
    Result withRound = cli("export-selection", "--workspace", ws, "--split", "val", "--round", "0");
    assertEquals(org.ascmr.error.ExitCodes.USAGE, withRound.code(), withRound.err());
  }

  @Test
  @Order(3)
  void ingestTakesValLabelsButRefusesTestIds() throws IOException {
    List<String> withTest = new ArrayList<>(exported);
    withTest.add(test.get(0));
    Result refused = cli("ingest-labels", "--workspace", ws, labels(withTest, "val-and-test.jsonl").toString());
    assertNotEquals(0, refused.code());
    assertTrue(refused.err().contains(LabelProblems.NOT_TRAIN + ": '" + test.get(0) + "' is in the 'test' split"),
        refused.err());
    Result ok = cli("ingest-labels", "--workspace", ws, labels(exported, "val.jsonl").toString());
    assertEquals(0, ok.code(), ok.err());

    // A new sample leaves out the val pairs labelled now.
    Result next = cli(args("export-selection", "--workspace", ws, "--split", "val", "--count", "1000"));
    assertEquals(0, next.code(), next.err());
    List<String> rest = exportedIds(ws + "/"
        + ExportSelectionJob.VAL_EXPORT_DIR + "/labels-000002");
    assertEquals(val.size() - 40, rest.size());
    assertTrue(rest.stream().noneMatch(exported::contains));
  }

  @Test
  @Order(4)
  void theRoundTrainsOnTrainIdsWithTheValLabelsAndSelectsTrainPairs() throws IOException {
    // --force retakes round 0's labelled snapshot, taken before the val labels were ingested.
    Result r = cli(args("round", "--workspace", ws, "--round", "0", "--force"));
    assertEquals(0, r.code(), r.err());
    String round = ws + "/rounds/0";
    var summary = Json.mapper().readTree(Files.readString(Path.of(round, "train", "summary.json")));
    assertEquals(60, summary.get("labelledRows").asLong(), summary.toString());
    assertEquals(40, summary.get("valRows").asLong(), summary.toString());
    List<String> picked = selection(ws, 0);
    assertEquals(20, picked.size());
    assertTrue(train.containsAll(picked), "train pairs only: " + picked);
    assertTrue(picked.stream().noneMatch(train.subList(0, 60)::contains), "no labelled pair selected");
    Result status = cli("status", "--workspace", ws);
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("labelled    100 ids (60 train, 40 val) from 2 ingestion(s)"), status.out());
    Result json = cli("status", "--workspace", ws, "--json");
    assertEquals(40, Json.mapper().readTree(json.out()).get("labelledVal").asLong(), json.out());
  }

  @Test
  @Order(5)
  void valLabelsAloneAreNoTrainingSet() {
    String only = dir.resolve("ws-val-only").toString();
    assertEquals(0, cli("init", "--workspace", only, "--pool", pool).code());
    assertEquals(0, cli("ingest-labels", "--workspace", only, labels(exported, "val-only.jsonl").toString()).code());
    Result refused = cli(args("round", "--workspace", only, "--round", "0"));
    assertNotEquals(0, refused.code());
    assertTrue(refused.err().contains(RoundJob.NO_LABELS) && refused.err().contains("are all val pairs"),
        refused.err());
    // The typical bootstrap maps the labelled ids onto the train pairs' coverage space.
    Result boot = cli(args("round", "--workspace", only, "--round", "0", "--bootstrap", "typical"));
    assertEquals(0, boot.code(), boot.err());
    List<String> picked = selection(only, 0);
    assertEquals(20, picked.size());
    assertTrue(train.containsAll(picked), "train pairs only: " + picked);
    assertFalse(picked.stream().anyMatch(val::contains));
  }
}
