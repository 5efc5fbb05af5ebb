package org.ascmr.cli;

import static org.ascmr.testing.RoundFixture.args;
import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.SelectionColumns;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.labelling.Csv;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance script of issue 7, through the CLI in local mode: a workspace over the
 * OpenClipArt pairs of test-data/ -> round 0 (no labels yet: a bootstrap batch) -> export for
 * the annotators -> the exported CSV comes back with its labels column filled from the ground
 * truth -> ingest -> round 1 (train, embed, score, density, allocate) -> its selection excludes
 * every labelled pair -> export and status.
 */
class RoundEndToEndTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  private static final ArtifactStore STORE = Tables.store(SPARK);
  private static final List<String> SETTINGS = List.of("round.budget=100");

  @TempDir
  Path dir;

  private List<String> selection(String ws, int round) {
    List<String> ids = new ArrayList<>();
    for (Row r : Tables.read(SPARK, STORE.qualify(ws) + "/rounds/" + round + "/allocate", ArtifactKind.SELECTION)
        .rows().orderBy(SelectionColumns.RANK).select(SelectionColumns.ID).collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  /** The exported CSV with its labels column filled in from pairs.jsonl, as an annotator returns it. */
  private static Path annotate(Path exported, Path to) throws Exception {
    Map<String, TestPools.Pair> pairs = TestPools.openClipArtPairs().stream()
        .collect(Collectors.toMap(TestPools.Pair::id, p -> p));
    List<Csv.Record> csv = Csv.parse(Files.readString(exported));
    assertEquals(List.of("rank", "id", "image", "text", "labels"), csv.get(0).fields());
    StringBuilder filled = new StringBuilder(Csv.row(csv.get(0).fields())).append('\n');
    for (Csv.Record r : csv.subList(1, csv.size())) {
      List<String> f = new ArrayList<>(r.fields());
      f.set(4, String.join("|", pairs.get(f.get(1)).labels()));
      filled.append(Csv.row(f)).append('\n');
    }
    Files.writeString(to, filled);
    return to;
  }

  @Test
  void bootstrapExportIngestThenRoundOneExcludesEverythingLabelled() throws Exception {
    long t0 = System.nanoTime();
    String ws = dir.resolve("ws").toString();
    Result init = cli("init", "--workspace", ws, "--pool", TestPools.openClipArtPool(SPARK));
    assertEquals(0, init.code(), init.err());

    Result round0 = cli(args(SETTINGS, "round", "--workspace", ws, "--round", "0", "--bootstrap", "random"));
    assertEquals(0, round0.code(), round0.err());
    List<String> batch0 = selection(ws, 0);
    assertEquals(100, new HashSet<>(batch0).size());

    Result export0 = cli("export-selection", "--workspace", ws, "--round", "0");
    assertEquals(0, export0.code(), export0.err());
    assertTrue(export0.out().contains("exported 100 pairs of round 0"), export0.out());
    Path labels0 = annotate(dir.resolve("ws/rounds/0/export/selection.csv"), dir.resolve("round-0-labels.csv"));
    Result ingest = cli("ingest-labels", "--workspace", ws, labels0.toString());
    assertEquals(0, ingest.code(), ingest.err());
    assertTrue(ingest.out().contains("100 newly labelled"), ingest.out());

    Result round1 = cli(args(SETTINGS, "round", "--workspace", ws, "--round", "1"));
    assertEquals(0, round1.code(), round1.err());
    assertTrue(round1.out().contains("6 of 6 steps ran"), round1.out());
    List<String> batch1 = selection(ws, 1);
    assertEquals(100, new HashSet<>(batch1).size());
    Set<String> labelled = new HashSet<>();
    for (Row r : Tables.read(SPARK, STORE.qualify(ws) + "/labelled", ArtifactKind.LABELLED_SET).rows()
        .select("id").collectAsList()) {
      labelled.add(r.getString(0));
    }
    assertEquals(new HashSet<>(batch0), labelled);
    for (String id : batch1) assertFalse(labelled.contains(id), "round 1 selected the labelled pair " + id);
    Set<String> train = TestPools.openClipArtPairs().stream().filter(p -> p.split().equals("train"))
        .map(TestPools.Pair::id).collect(Collectors.toSet());
    assertTrue(train.containsAll(batch1), "only train pairs are selected");

    Result export1 = cli("export-selection", "--workspace", ws);
    assertTrue(export1.out().contains("exported 100 pairs of round 1"), export1.out());
    JsonNode status = Json.tree(cli("status", "--workspace", ws, "--json").out(), "status");
    assertEquals(100, status.get("labelled").asInt());
    assertEquals(1, status.get("pending").get("round").asInt());
    assertEquals(100, status.get("pending").get("unlabelled").asInt());
    assertEquals(List.of("labelled", "train", "embed", "score", "density", "allocate", "export"),
        status.get("rounds").get(1).findValuesAsText("stage"));
    Result text = cli("status", "--workspace", ws);
    assertTrue(text.out().contains("round 1     labelled=succeeded(100 rows"), text.out());
    assertTrue(text.out().contains("failures    none"), text.out());
    System.out.printf("acceptance script (3,195-pair OpenClipArt pool, 2 rounds): %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
  }
}
