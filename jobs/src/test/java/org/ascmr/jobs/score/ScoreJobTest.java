package org.ascmr.jobs.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.ScoreColumns;
import org.ascmr.data.Split;
import org.ascmr.error.AscmrException;
import org.ascmr.error.BadInputException;
import org.ascmr.error.ConfigException;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.WikipediaPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The score job on the real Wikipedia pool (raw features, a small estimator): which ids are
 * scored, the distributed rank normalisation against a local one, determinism across seeds and
 * partitionings, and the inputs it refuses.
 */
class ScoreJobTest {
  static final long SEED = 3;
  static SparkSession spark;
  static Path dir;
  static String pool;
  static String labelled;
  static Set<String> labelledIds;
  static Set<String> trainIds;
  static ScoreJob.Summary first;
  static String firstOut;

  static ConfigSource config(String... more) {
    List<String> sets = new ArrayList<>(List.of("score.useRawFeatures=true", "score.embedDim=16", "score.hidden=16",
        "score.samples=3", "score.trainBatch=64", "score.epochs=2", "score.lr=3e-3", "score.sampleCap=400", "score.trainThreads=1",
        "score.seed=" + SEED));
    sets.addAll(List.of(more));
    return ConfigSource.load(null, sets);
  }

  static ScoreJob.Summary run(ConfigSource c, String embeddings, String model, String out, int partitions) {
    return ScoreJob.run(spark, c, new ScoreJob.Request(pool, embeddings, labelled, model, out, partitions, false));
  }

  @BeforeAll
  static void scoreOnce() throws Exception {
    spark = SparkTestSession.get();
    dir = ScoreFixtures.tempDir("job");
    pool = WikipediaPool.path();
    labelled = dir.resolve("labelled").toString();
    labelledIds = ScoreFixtures.writeLabelled(spark, pool, labelled, 0.3, SEED);
    trainIds = ScoreFixtures.ids(PoolTable.read(spark, pool).split(Split.TRAIN), PoolColumns.ID);
    firstOut = dir.resolve("scores").toString();
    first = run(config(), null, null, firstOut, 2);
  }

  static Map<String, Row> rows(String out, String table) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : spark.read().parquet(out + "/" + table).collectAsList()) {
      assertEquals(null, m.put(r.getString(0), r), "id " + r.getString(0) + " appears twice in " + table);
    }
    return m;
  }

  @Test
  void missingFeaturesIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> ScoreJob.run(spark,
        ConfigSource.load(null, List.of()), new ScoreJob.Request(pool, null, labelled, null, "x", 2, false)));
    assertEquals("--embeddings", e.key());
    ConfigException both = assertThrows(ConfigException.class, () -> ScoreJob.run(spark, config(),
        new ScoreJob.Request(pool, "emb", labelled, null, "x", 2, false)));
    assertEquals("score.useRawFeatures", both.key());
  }

  @Test
  void everyUnlabelledIdOnceAndNoLabelledId() {
    Set<String> expected = new HashSet<>(trainIds);
    expected.removeAll(labelledIds);
    Map<String, Row> data = rows(firstOut, ScoreColumns.UNLABELLED_DIR);
    assertEquals(expected, data.keySet());
    assertEquals(spark.read().parquet(firstOut + "/" + ScoreColumns.UNLABELLED_DIR).count(), expected.size());
    assertEquals(labelledIds, rows(firstOut, ScoreColumns.LABELLED_DIR).keySet());
    assertEquals(expected.size(), first.unlabelled());
    assertEquals(labelledIds.size(), first.labelled());
  }

  @Test
  void columnsAsTheContractSays() {
    List<String> data = List.of(spark.read().parquet(firstOut + "/" + ScoreColumns.UNLABELLED_DIR).columns());
    assertEquals(List.of(ScoreColumns.ID, ScoreColumns.INFORMATIVENESS, ScoreColumns.U_INTER, ScoreColumns.U_V,
        ScoreColumns.U_T, ScoreColumns.MU, ScoreColumns.SIGMA, ScoreColumns.U), data);
    List<String> lab = List.of(spark.read().parquet(firstOut + "/" + ScoreColumns.LABELLED_DIR).columns());
    assertEquals(List.of(ScoreColumns.ID, ScoreColumns.MU, ScoreColumns.SIGMA, ScoreColumns.U), lab);
    for (Row r : rows(firstOut, ScoreColumns.UNLABELLED_DIR).values()) {
      for (int c = 1; c <= 4; c++) assertTrue(Double.isFinite(r.getDouble(c)), r.toString());
      List<Float> u = r.getList(7);
      double norm = 0;
      for (float x : u) norm += x * x;
      assertEquals(1.0, norm, 1e-5);
      for (Object s : r.getList(6)) assertTrue((Float) s > 0);
    }
  }

  /** I = r(u_inter) + betaIntra (r(u_v) + r(u_t)), r = percent rank over U, recomputed here. */
  @Test
  void informativenessIsTheRankCombination() {
    Map<String, Row> data = rows(firstOut, ScoreColumns.UNLABELLED_DIR);
    Map<String, Double> rInter = percentRanks(data, 2);
    Map<String, Double> rV = percentRanks(data, 3);
    Map<String, Double> rT = percentRanks(data, 4);
    for (Row r : data.values()) {
      String id = r.getString(0);
      double expected = rInter.get(id) + 1.0 * (rV.get(id) + rT.get(id));
      assertEquals(expected, r.getDouble(1), 1e-12, id);
      assertTrue(r.getDouble(1) >= 0 && r.getDouble(1) <= 3);
    }
  }

  private static Map<String, Double> percentRanks(Map<String, Row> data, int field) {
    List<Double> values = new ArrayList<>();
    data.values().forEach(r -> values.add(r.getDouble(field)));
    values.sort(Double::compare);
    Map<String, Double> out = new HashMap<>();
    for (Row r : data.values()) {
      double v = r.getDouble(field);
      int below = 0;
      while (below < values.size() && values.get(below) < v) below++;
      out.put(r.getString(0), below / (double) (values.size() - 1));
    }
    return out;
  }

  @Test
  void metadataDescribesScoresAndEstimator() {
    Metadata md = Tables.store(spark).readMetadata(firstOut, ArtifactKind.SCORES);
    assertEquals(first.unlabelled(), md.rows());
    assertEquals(SEED, md.seed());
    assertEquals("sampled", md.details().get("mode"));
    assertEquals(List.of("pool", "labelled"), md.inputs().stream().map(i -> i.role()).toList());
    assertNotNull(md.details().get("training"));
    Metadata model = Tables.store(spark).readMetadata(firstOut + "/" + EstimatorStore.DIR,
        ArtifactKind.INFORMATIVENESS_MODEL);
    assertEquals(first.training().trainPairs() + first.training().heldOutPairs(), model.rows());
    assertEquals(400, model.rows());
  }

  @Test
  void rerunWithTheSameRecipeIsUpToDate() {
    assertTrue(run(config(), null, null, firstOut, 2).upToDate());
    StateException e = assertThrows(StateException.class,
        () -> run(config("score.betaIntra=0.5"), null, null, firstOut, 2));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
  }

  /**
   * Training again with the same seed in ONE partition (sample, training and scoring) gives the
   * same bits as the first run's two partitions.
   */
  @Test
  void sameSeedSameScoresInOnePartition() {
    String out = dir.resolve("again").toString();
    ScoreJob.Summary again = run(config(), null, null, out, 1);
    assertNotNull(again.training());
    assertSameRows(rows(firstOut, ScoreColumns.UNLABELLED_DIR), rows(out, ScoreColumns.UNLABELLED_DIR));
    assertSameRows(rows(firstOut, ScoreColumns.LABELLED_DIR), rows(out, ScoreColumns.LABELLED_DIR));
  }

  /** The saved estimator, loaded and scored in 8 partitions: the same bits as the run that trained it. */
  @Test
  void loadedEstimatorInEightPartitionsScoresTheSame() {
    String out = dir.resolve("loaded-8").toString();
    ScoreJob.Summary s = run(config(), null, firstOut + "/" + EstimatorStore.DIR, out, 8);
    assertEquals(null, s.training());
    assertSameRows(rows(firstOut, ScoreColumns.UNLABELLED_DIR), rows(out, ScoreColumns.UNLABELLED_DIR));
    assertSameRows(rows(firstOut, ScoreColumns.LABELLED_DIR), rows(out, ScoreColumns.LABELLED_DIR));
  }

  /**
   * score.ensemble = 2 (closed form, so no noise stream differs): member 0 is the single estimator
   * of the same seed, so the fused vectors are unchanged, while each uncertainty is the mean of
   * member 0's and member 1's; member 1, saved beside member 0 and loaded alone, gives the rest.
   */
  @Test
  void anEnsembleAveragesItsMembersUncertaintiesAndKeepsTheFirstMembersVectors() {
    String closed = "score.closedForm=true";
    String singleOut = dir.resolve("closed-1").toString();
    run(config(closed), null, null, singleOut, 2);
    String out = dir.resolve("ensemble-2").toString();
    ScoreJob.Summary s = run(config(closed, "score.ensemble=2"), null, null, out, 2);
    assertEquals(2, ((Number) s.metadata().details().get("ensemble")).intValue());
    Map<String, Row> single = rows(singleOut, ScoreColumns.UNLABELLED_DIR);
    Map<String, Row> both = rows(out, ScoreColumns.UNLABELLED_DIR);
    Metadata member = Tables.store(spark).readMetadata(out + "/" + EstimatorStore.memberDir(1),
        ArtifactKind.INFORMATIVENESS_MODEL);
    assertEquals(1, ((Number) member.details().get("ensembleMember")).intValue());
    assertNotEquals(SEED, member.seed(), "member 1 records its own seed");
    String second = dir.resolve("member-1").toString();
    run(config(closed), null, out + "/" + EstimatorStore.memberDir(1), second, 2);
    Map<String, Row> other = rows(second, ScoreColumns.UNLABELLED_DIR);
    int differs = 0;
    for (String id : single.keySet()) {
      Row a = single.get(id);
      Row e = both.get(id);
      Row b = other.get(id);
      for (String c : List.of(ScoreColumns.U_INTER, ScoreColumns.U_V, ScoreColumns.U_T)) {
        double expected = (a.<Double>getAs(c) + b.<Double>getAs(c)) / 2;
        assertEquals(expected, e.<Double>getAs(c), 1e-9 * Math.max(1, Math.abs(expected)), c + " of " + id);
      }
      assertEquals(a.getList(a.fieldIndex(ScoreColumns.U)), e.getList(e.fieldIndex(ScoreColumns.U)), "u of " + id);
      if (!a.getAs(ScoreColumns.U_INTER).equals(b.getAs(ScoreColumns.U_INTER))) differs++;
    }
    assertTrue(differs > single.size() / 2, "member 1 must be another estimator: only " + differs + " rows differ");
    ConfigException e = assertThrows(ConfigException.class, () -> run(config(closed, "score.ensemble=2"), null,
        singleOut + "/" + EstimatorStore.DIR, dir.resolve("never3").toString(), 2));
    assertEquals("score.ensemble", e.key());
  }

  /** An embeddings table with the pool's own vectors scores exactly like the raw features. */
  @Test
  void embeddingsTableIsReadLikeRawFeatures() {
    String emb = dir.resolve("embeddings").toString();
    ScoreFixtures.writeEmbeddings(spark, pool, emb, 0, null);
    String out = dir.resolve("from-embeddings").toString();
    run(config("score.useRawFeatures=false"), emb, firstOut + "/" + EstimatorStore.DIR, out, 2);
    assertSameRows(rows(firstOut, ScoreColumns.UNLABELLED_DIR), rows(out, ScoreColumns.UNLABELLED_DIR));
    Metadata md = Tables.store(spark).readMetadata(out, ArtifactKind.SCORES);
    assertEquals(List.of("pool", "embeddings", "labelled", "model"), md.inputs().stream().map(i -> i.role()).toList());
  }

  @Test
  void embeddingsMissingAPoolIdIsReportedWithTheId() {
    String missing = trainIds.stream().filter(id -> !labelledIds.contains(id)).sorted().findFirst().orElseThrow();
    String emb = dir.resolve("embeddings-missing").toString();
    ScoreFixtures.writeEmbeddings(spark, pool, emb, 0, missing);
    Exception e = assertThrows(Exception.class, () -> run(config("score.useRawFeatures=false"), emb,
        firstOut + "/" + EstimatorStore.DIR, dir.resolve("never").toString(), 2));
    AscmrException cause = findCause(e);
    assertTrue(cause instanceof BadInputException, String.valueOf(e));
    assertTrue(cause.getMessage().contains("id " + missing) && cause.getMessage().contains("no vector"),
        cause.getMessage());
  }

  @Test
  void estimatorForOtherDimensionsIsRefused() {
    String emb = dir.resolve("embeddings-64").toString();
    ScoreFixtures.writeEmbeddings(spark, pool, emb, 64, null);
    StateException e = assertThrows(StateException.class, () -> run(config("score.useRawFeatures=false"), emb,
        firstOut + "/" + EstimatorStore.DIR, dir.resolve("never2").toString(), 2));
    assertTrue(e.getMessage().contains("128-d image"), e.getMessage());
  }

  /** Executors' exceptions reach the driver wrapped in a SparkException. */
  static AscmrException findCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AscmrException a) return a;
    }
    return null;
  }

  static void assertSameRows(Map<String, Row> expected, Map<String, Row> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (Map.Entry<String, Row> e : expected.entrySet()) {
      Row a = actual.get(e.getKey());
      Row x = e.getValue();
      assertEquals(x.length(), a.length());
      for (int c = 0; c < x.length(); c++) {
        Object xv = x.get(c);
        Object av = a.get(c);
        if (xv instanceof scala.collection.Seq<?>) {
          assertArrayEquals(floats(x.getList(c)), floats(a.getList(c)), 0f, e.getKey() + " column " + c);
        } else {
          assertEquals(xv, av, e.getKey() + " column " + c);
        }
      }
    }
  }

  private static float[] floats(List<Object> l) {
    float[] f = new float[l.size()];
    for (int i = 0; i < f.length; i++) f[i] = (Float) l.get(i);
    return f;
  }
}
