package org.ascmr.jobs.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.PairsBundle;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Reject;
import org.ascmr.error.BadInputException;
import org.ascmr.features.ExtractConfig;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.PoolSummary;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.testing.BundleCopy;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad line, made by breaking one real line of a 40-line copy of the OpenClipArt
 * bundle; the error names pairs.jsonl, the line and the field.
 */
class ExtractBadInputTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  private static final int LINES = 40;

  @TempDir
  Path dir;

  private BundleCopy bundle() throws IOException {
    return BundleCopy.of(dir.resolve("bundle"), LINES);
  }

  private ExtractJob.Result extract(Path bundle, String out, BadRowPolicy policy, boolean overwrite, int partitions) {
    return ExtractJob.run(SPARK, bundle.toString(), dir.resolve(out).toString(), ExtractConfig.defaults(), policy,
        overwrite, partitions);
  }

  private BadInputException failsAt(Path bundle, int line, String field) {
    BadInputException e = assertThrows(BadInputException.class,
        () -> extract(bundle, "pool", BadRowPolicy.FAIL, false, 2));
    assertTrue(e.file().endsWith("/bundle/" + PairsBundle.PAIRS_FILE), e.file());
    assertEquals("line " + line, e.row(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith(e.file() + ", line " + line), e.getMessage());
    assertFalse(Files.exists(dir.resolve("pool")), "a failed run must not leave an output");
    return e;
  }

  @Test
  void malformedJsonLine() throws IOException {
    BundleCopy b = bundle();
    Path p = b.setRaw(5, b.line(5).substring(0, 40)).write();
    BadInputException e = failsAt(p, 5, null);
    assertTrue(e.problem().startsWith(PairsBundle.NOT_JSON), e.problem());
  }

  /**
   * --on-bad-row fail parses and validates every line before decoding any image: a syntax error on
   * line 5 is reported although line 2's image is missing (decoding would have met that first),
   * and the log of the failed run says the stage failed, not that it finished.
   */
  @Test
  void aSyntaxErrorFailsBeforeAnyImageIsDecoded() throws IOException {
    BundleCopy b = bundle();
    Path p = b.edit(2, n -> n.put("image", "images/animals/no_such_image.png")).setRaw(5, b.line(5).substring(0, 40))
        .write();
    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.apache.logging.log4j.core.Logger scopeLog = (org.apache.logging.log4j.core.Logger)
        org.apache.logging.log4j.LogManager.getLogger(org.ascmr.jobs.spark.StageScope.class);
    var appender = new org.apache.logging.log4j.core.appender.AbstractAppender("capture", null, null, true,
        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
      @Override
      public void append(org.apache.logging.log4j.core.LogEvent event) {
        logged.add(event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    scopeLog.addAppender(appender);
    try {
      BadInputException e = failsAt(p, 5, null);
      assertTrue(e.problem().startsWith(PairsBundle.NOT_JSON), e.problem());
    } finally {
      scopeLog.removeAppender(appender);
    }
    assertTrue(logged.stream().anyMatch(l -> l.startsWith("stage extract failed after ")), logged.toString());
    assertFalse(logged.stream().anyMatch(l -> l.startsWith("stage extract finished")), logged.toString());
  }

  @Test
  void missingImageFile() throws IOException {
    Path p = bundle().edit(7, n -> n.put("image", "images/animals/no_such_image.png")).write();
    BadInputException e = failsAt(p, 7, "image");
    assertTrue(e.problem().startsWith(PairsBundle.IMAGE_MISSING), e.problem());
    assertTrue(e.problem().contains("no_such_image.png"), e.problem());
  }

  @Test
  void undecodableImage() throws IOException {
    BundleCopy b = bundle();
    String broken = b.truncatedImage(9, "broken/truncated.png");
    Path p = b.edit(9, n -> n.put("image", broken)).write();
    BadInputException e = failsAt(p, 9, "image");
    assertTrue(e.problem().startsWith(PairsBundle.IMAGE_UNDECODABLE), e.problem());
    assertTrue(e.problem().contains("truncated.png"), e.problem());
  }

  @Test
  void emptyText() throws IOException {
    Path p = bundle().edit(11, n -> n.put("text", "")).write();
    BadInputException e = failsAt(p, 11, "text");
    assertTrue(e.problem().startsWith(PairsBundle.EMPTY_TEXT), e.problem());
  }

  @Test
  void labelNotInLabelsFile() throws IOException {
    Path p = bundle().edit(13, n -> n.putArray("labels").add("animals").add("aliens")).write();
    BadInputException e = failsAt(p, 13, "labels");
    assertEquals("'aliens' " + PairsBundle.UNKNOWN_LABEL, e.problem());
  }

  @Test
  void duplicateId() throws IOException {
    BundleCopy b = bundle();
    String id = b.id(2);
    Path p = b.edit(15, n -> n.put("id", id)).write();
    BadInputException e = failsAt(p, 15, "id");
    assertEquals(PairsBundle.DUPLICATE_ID + " '" + id + "', first on line 2", e.problem());
  }

  @Test
  void wrongSplitValue() throws IOException {
    Path p = bundle().edit(17, n -> n.put("split", "dev")).write();
    BadInputException e = failsAt(p, 17, "split");
    assertTrue(e.problem().startsWith(PairsBundle.BAD_SPLIT), e.problem());
  }

  /** Several bad lines: fail reports the lowest line whatever the partitioning. */
  @Test
  void failReportsTheFirstBadLineDeterministically() throws IOException {
    BundleCopy b = bundle();
    Path p = b.edit(33, n -> n.put("split", "dev")).edit(21, n -> n.put("text", " ")).edit(38, n -> n.put("id", b.id(1)))
        .write();
    for (int partitions : new int[] {1, 4}) {
      BadInputException e = assertThrows(BadInputException.class,
          () -> extract(p, "pool", BadRowPolicy.FAIL, false, partitions));
      assertEquals("line 21", e.row(), "partitions " + partitions);
      assertEquals("text", e.field());
    }
  }

  @Test
  void skipSetsEveryBadLineAsideWithItsReason() throws IOException {
    BundleCopy b = bundle();
    String broken = b.truncatedImage(9, "broken/truncated.png");
    String dupId = b.id(2);
    Path p = b.setRaw(5, b.line(5).substring(0, 40))
        .edit(7, n -> n.put("image", "images/animals/no_such_image.png"))
        .edit(9, n -> n.put("image", broken))
        .edit(11, n -> n.put("text", ""))
        .edit(13, n -> n.putArray("labels").add("aliens"))
        .edit(15, n -> n.put("id", dupId))
        .edit(17, n -> n.put("split", "dev"))
        .write();
    ExtractJob.Result r = extract(p, "pool", BadRowPolicy.SKIP, false, 3);
    assertEquals(LINES - 7, r.metadata().rows());
    assertEquals(7L, ((Number) r.metadata().details().get(PoolSummary.REJECTS)).longValue());

    List<String> lines = Files.readAllLines(dir.resolve("pool").resolve(Reject.FILE_NAME));
    Map<Long, String> fieldByLine = new TreeMap<>();
    for (String l : lines) {
      JsonNode n = Json.tree(l, Reject.FILE_NAME);
      assertTrue(n.get("file").asText().endsWith(PairsBundle.PAIRS_FILE), l);
      assertFalse(n.get("reason").asText().isBlank(), l);
      fieldByLine.put(n.get("line").asLong(), n.get("field").isNull() ? null : n.get("field").asText());
    }
    Map<Long, String> expected = new TreeMap<>();
    expected.put(5L, null);
    expected.put(7L, "image");
    expected.put(9L, "image");
    expected.put(11L, "text");
    expected.put(13L, "labels");
    expected.put(15L, "id");
    expected.put(17L, "split");
    assertEquals(expected, fieldByLine);
    // Sorted by line, and the rejected duplicate keeps its id for the annotators' tools.
    assertEquals(List.copyOf(expected.keySet()),
        lines.stream().map(l -> Json.tree(l, "x").get("line").asLong()).toList());
    assertEquals(dupId, Json.tree(lines.get(5), "x").get("id").asText());
    // The first occurrence of the duplicated id stays in the pool.
    assertEquals(1, PoolTable.read(SPARK, dir.resolve("pool").toString()).rows()
        .where(org.apache.spark.sql.functions.col(PoolColumns.ID).equalTo(dupId)).count());
  }

  @Test
  void missingLabelsAndSplitGiveUnlabelledTrainPairs() throws IOException {
    Path p = bundle().edit(3, n -> {
      n.remove("labels");
      n.remove("split");
    }).edit(4, n -> n.putArray("labels")).write();
    ExtractJob.Result r = extract(p, "pool", BadRowPolicy.FAIL, false, 2);
    PoolTable pool = PoolTable.read(SPARK, r.out());
    BundleCopy b = BundleCopy.of(dir.resolve("ids"), LINES);
    Row three = pool.rows().where(pool.rows().col(PoolColumns.ID).equalTo(b.id(3))).first();
    assertEquals("train", three.getString(1));
    assertNull(three.get(4));
    Row four = pool.rows().where(pool.rows().col(PoolColumns.ID).equalTo(b.id(4))).first();
    assertNull(four.get(4));
    Map<String, Object> labelled = r.metadata().detail(PoolSummary.LABELLED_COUNTS, Map.class);
    long train = pool.info().splitCounts().get("train");
    assertEquals(train - 2, ((Number) labelled.get("train")).longValue());
    // The default labelled set leaves the unlabelled pairs out.
    assertEquals(train - 2, pool.labelled(SPARK, null).count());
  }

  /** A bad row under fail with --overwrite: the previous pool stays byte for byte. */
  @Test
  void failedRerunLeavesThePreviousPoolIntact() throws IOException {
    Path good = BundleCopy.of(dir.resolve("good"), LINES).write();
    String out = extract(good, "pool", BadRowPolicy.FAIL, false, 2).out();
    Map<String, String> before = digests(dir.resolve("pool"));
    assertTrue(before.containsKey("metadata.json"));

    Path bad = bundle().edit(6, n -> n.put("split", "dev")).write();
    assertThrows(BadInputException.class, () -> extract(bad, "pool", BadRowPolicy.FAIL, true, 2));

    assertEquals(before, digests(dir.resolve("pool")));
    assertEquals(LINES, PoolTable.read(SPARK, out).rows().count());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("bundle", "good", "pool"), s.map(x -> x.getFileName().toString()).sorted().toList());
    }
  }

  private static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), new Fingerprint().add(Files.readAllBytes(f)).hex());
      }
    }
    return out;
  }
}
