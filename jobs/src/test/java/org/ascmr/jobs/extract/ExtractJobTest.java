package org.ascmr.jobs.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.PairsBundle;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.Reject;
import org.ascmr.data.Split;
import org.ascmr.features.ExtractConfig;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.PoolSummary;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OpenClipArt bundle through extract, once with 4 partitions (shared) and once with 1,
 * with the hand-made features (descriptor + TF-IDF, whose vocabulary these tests check); the
 * pretrained encoders are ExtractEncodersTest's.
 */
class ExtractJobTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  private static final ExtractConfig CONFIG = org.ascmr.testing.OpenClipArtPool.FEATURES;

  @TempDir
  static Path dir;
  private static String out;
  private static ExtractJob.Result first;

  @BeforeAll
  static void extractOnce() {
    out = dir.resolve("pool").toString();
    first = ExtractJob.run(SPARK, TestData.openClipArt().toString(), out, CONFIG, BadRowPolicy.FAIL, false, 4);
  }

  @Test
  void poolHasTheDocumentedRowsSplitsLabelsAndDims() {
    assertFalse(first.upToDate());
    PoolTable pool = PoolTable.read(SPARK, out);
    PoolInfo info = pool.info();
    assertEquals(3195, pool.rows().count());
    assertEquals(3195, pool.metadata().rows());
    assertEquals(Map.of("train", 2243L, "val", 312L, "test", 640L), info.splitCounts());
    assertEquals(2243, pool.split(Split.TRAIN).count());
    assertEquals(39, info.numLabels());
    assertEquals("animals", info.labelNames().get(0));
    assertEquals(256, info.imageDim());
    assertEquals(CONFIG.vocabSize(), info.textDim());
    assertEquals(info.textDim(), info.vocabulary().size());
    assertTrue(info.imageFeatures().startsWith("ascmr-image-v1"), info.imageFeatures());
    assertEquals(0L, ((Number) pool.metadata().details().get(PoolSummary.REJECTS)).longValue());
    // Every pair of this bundle is labelled: the default labelled set is the whole train split.
    assertEquals(2243, pool.labelled(SPARK, null).count());
  }

  @Test
  void rowsHaveTheDocumentedSchemaAndLengths() {
    PoolTable pool = PoolTable.read(SPARK, out);
    StructField[] fields = pool.rows().schema().fields();
    StructField[] expected = PoolTable.SCHEMA.fields();
    assertEquals(expected.length, fields.length);
    for (int i = 0; i < fields.length; i++) {
      assertEquals(expected[i].name(), fields[i].name());
      assertEquals(expected[i].dataType().typeName(), fields[i].dataType().typeName());
    }
    Row r = pool.rows().where(pool.rows().col(PoolColumns.ID).equalTo("animals/2_dead_frogs_lumen_desig_01")).first();
    assertEquals("val", r.getString(1));
    assertEquals(256, r.getList(2).size());
    assertEquals(1000, r.getList(3).size());
    List<Float> labels = r.getList(4);
    assertEquals(1f, labels.get(pool.info().labelNames().indexOf("animals")));
    assertEquals(1f, labels.get(pool.info().labelNames().indexOf("signs_and_symbols")));
    assertEquals(2f, labels.stream().mapToDouble(Float::doubleValue).sum(), 0);
    // Text vectors are L2-normalised (this text has vocabulary terms).
    double ss = 0;
    for (Object v : r.getList(3)) ss += ((Float) v) * ((Float) v);
    assertEquals(1.0, ss, 1e-5);
  }

  @Test
  void vocabularyComesFromTrainTextsOnly() throws IOException {
    Set<String> trainTerms = new HashSet<>();
    Set<String> otherTerms = new HashSet<>();
    for (String line : Files.readAllLines(TestData.openClipArt().resolve(PairsBundle.PAIRS_FILE))) {
      var node = Json.tree(line, "pairs.jsonl");
      Set<String> target = "train".equals(node.get("split").asText()) ? trainTerms : otherTerms;
      for (String t : node.get("text").asText().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) target.add(t);
    }
    otherTerms.removeAll(trainTerms);
    assertFalse(otherTerms.isEmpty(), "the check needs terms that only val/test texts have");
    List<String> vocabulary = PoolTable.read(SPARK, out).info().vocabulary();
    for (String term : vocabulary) assertTrue(trainTerms.contains(term), term + " is not a train term");
  }

  /** A term in two val texts only stays out; the same in two train texts gets in. */
  @Test
  void valTermsNeverEnterTheVocabulary(@TempDir Path tmp) throws IOException {
    org.ascmr.testing.BundleCopy b = org.ascmr.testing.BundleCopy.of(tmp.resolve("bundle"), 40);
    assertEquals("val", Json.tree(b.line(1), "x").get("split").asText());
    assertEquals("val", Json.tree(b.line(3), "x").get("split").asText());
    assertEquals("train", Json.tree(b.line(2), "x").get("split").asText());
    assertEquals("train", Json.tree(b.line(4), "x").get("split").asText());
    for (int line : new int[] {1, 3}) b.edit(line, n -> n.put("text", n.get("text").asText() + " zyzzyva"));
    for (int line : new int[] {2, 4}) b.edit(line, n -> n.put("text", n.get("text").asText() + " quokka"));
    ExtractConfig big = new ExtractConfig(64, 4, 8, 4, 8, 100_000, 2, 2, true, true,
        CONFIG.encoders());
    ExtractJob.Result r = ExtractJob.run(SPARK, b.write().toString(), tmp.resolve("pool").toString(), big,
        BadRowPolicy.FAIL, false, 2);
    List<String> vocabulary = r.metadata().detail(PoolInfo.DETAIL_KEY, PoolInfo.class).vocabulary();
    assertTrue(vocabulary.contains("quokka"), vocabulary.toString());
    assertFalse(vocabulary.contains("zyzzyva"), vocabulary.toString());
  }

  @Test
  void metadataFingerprintsTheInputs() throws IOException {
    var md = PoolTable.read(SPARK, out).metadata();
    assertEquals("extract", md.stage());
    assertEquals("pairs", md.inputs().get(0).role());
    byte[] pairs = Files.readAllBytes(TestData.openClipArt().resolve(PairsBundle.PAIRS_FILE));
    assertEquals(new Fingerprint().add(pairs).hex(), md.inputs().get(0).fingerprint());
    assertEquals(3195, md.inputs().get(0).rows());
    assertEquals("fail", md.config().get(ExtractJob.POLICY_KEY));
    assertEquals("1000", md.config().get("extract.vocabSize"));
    assertTrue(Files.isRegularFile(Path.of(out, Reject.FILE_NAME)));
    assertEquals(0, Files.size(Path.of(out, Reject.FILE_NAME)));
  }

  @Test
  void rerunIsUpToDate() {
    ExtractJob.Result again = ExtractJob.run(SPARK, TestData.openClipArt().toString(), out, CONFIG, BadRowPolicy.FAIL,
        false, 2);
    assertTrue(again.upToDate());
    assertEquals(first.metadata().createdAt(), again.metadata().createdAt());
  }

  @Test
  void onePartitionGivesTheSameRows() {
    String other = dir.resolve("pool-1").toString();
    ExtractJob.run(SPARK, TestData.openClipArt().toString(), other, CONFIG, BadRowPolicy.FAIL, false, 1);
    List<Row> a = PoolTable.read(SPARK, out).rows().orderBy(PoolColumns.ID).collectAsList();
    List<Row> b = PoolTable.read(SPARK, other).rows().orderBy(PoolColumns.ID).collectAsList();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      Row x = a.get(i);
      Row y = b.get(i);
      assertEquals(x.getString(0), y.getString(0));
      assertEquals(x.getString(1), y.getString(1));
      assertArrayEquals(floats(x.getList(2)), floats(y.getList(2)), 0f, x.getString(0));
      assertArrayEquals(floats(x.getList(3)), floats(y.getList(3)), 0f, x.getString(0));
      assertArrayEquals(floats(x.getList(4)), floats(y.getList(4)), 0f, x.getString(0));
    }
    assertEquals(PoolTable.read(SPARK, out).info(), PoolTable.read(SPARK, other).info());
    assertNotNull(PoolTable.read(SPARK, other).metadata().fingerprint());
  }

  private static float[] floats(List<Float> l) {
    if (l == null) return null;
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = l.get(i);
    return out;
  }
}
