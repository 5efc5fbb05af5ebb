package org.ascmr.jobs.train;

import org.ascmr.jobs.io.RowArrays;

import static org.apache.spark.sql.functions.col;
import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.error.ConfigException;
import org.ascmr.error.ExitCodes;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Json;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.model.Embeddings;
import org.ascmr.model.ModelSpec;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.PoolSubset;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.WikipediaPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * train / embed / model evaluation on a few hundred real Wikipedia pairs in local[2] with two
 * data-parallel workers. Small model (E = 64) and five epochs keep the class to about a minute.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainJobTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  static final List<String> SETTINGS = List.of("train.embedDim=64", "train.labelDim=16", "train.lr=0.005",
      "train.batchSize=32",
      "train.maxEpochs=5", "train.workers=2", "train.minRowsPerWorker=100", "train.threads=1");

  @TempDir
  static Path dir;
  static String pool;
  static String model;

  @BeforeAll
  static void pool() {
    pool = PoolSubset.firstRows(SPARK, WikipediaPool.path(), dir.resolve("pool").toString(), 300);
  }



  static String[] args(String... head) {
    List<String> a = new ArrayList<>(List.of(head));
    for (String s : SETTINGS) {
      a.add("--set");
      a.add(s);
    }
    return a.toArray(String[]::new);
  }

  static ConfigSource config() {
    return ConfigSource.load(null, SETTINGS);
  }

  private static List<Row> embeddings(String table) {
    return Tables.read(SPARK, table, ArtifactKind.EMBEDDINGS).rows().orderBy(EmbeddingColumns.ID).collectAsList();
  }

  @Test
  @Order(1)
  void trainsOnAFewHundredRowsAndBeatsTheUntrainedModel() {
    model = dir.resolve("model").toString();
    Result r = cli(args("train", "--pool", pool, "--out", model));
    assertEquals(0, r.code(), r.err());
    TrainSummary s = Json.read(Tables.store(SPARK).readString(model + "/" + ModelArtifact.SUMMARY_FILE),
        TrainSummary.class, "summary.json");
    assertEquals(300, s.labelledRows());
    assertEquals(2, s.workers());
    assertEquals(5, s.epochs());
    List<TrainSummary.EpochStats> h = s.history();
    assertTrue(h.get(4).loss() < h.get(0).loss(), "loss " + h);
    assertTrue(s.val().get("mean") > s.untrainedVal().get("mean") + 0.03, "val " + s.val() + " untrained "
        + s.untrainedVal());
    assertNotNull(s.test());
    assertTrue(r.out().contains("\"bestEpoch\""), r.out());
    Metadata md = Tables.store(SPARK).readMetadata(model, ArtifactKind.RETRIEVAL_MODEL);
    assertEquals(300, md.rows());
    assertTrue(Files.exists(Path.of(model, ModelArtifact.SAMEDIFF_FILE)));
    assertFalse(Files.exists(dir.resolve(Checkpoint.WORK_PREFIX + "model")), "checkpoints removed");
    // Same settings and inputs: nothing to do.
    Result again = cli(args("train", "--pool", pool, "--out", model));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("\"upToDate\":true"), again.out());
  }

  @Test
  @Order(2)
  void embedWritesEveryRowAsTheReloadedModelComputesIt() {
    String table = dir.resolve("emb").toString();
    Result r = cli("embed", "--pool", pool, "--model", model, "--out", table);
    assertEquals(0, r.code(), r.err());
    List<Row> rows = embeddings(table);
    assertEquals(300 + 217 + 300, rows.size());
    // The saved model, reloaded in this JVM, gives the same features, bit for bit: inference sums in
    // one fixed order whatever the block (ExactForward).
    ModelArtifact.Loaded m = ModelArtifact.read(Tables.store(SPARK), model);
    List<Row> poolRows = PoolTable.read(SPARK, pool).rows().orderBy("id").limit(20).collectAsList();
    float[][] img = poolRows.stream().map(x -> RowArrays.floats(x, 2)).toArray(float[][]::new);
    float[][] txt = poolRows.stream().map(x -> RowArrays.floats(x, 3)).toArray(float[][]::new);
    Embeddings e = m.model().embed(img, txt);
    for (int i = 0; i < 20; i++) {
      assertEquals(poolRows.get(i).getString(0), rows.get(i).getString(0));
      assertArrayEquals(e.fv()[i], RowArrays.floats(rows.get(i), 2), 0f);
      assertArrayEquals(e.ft()[i], RowArrays.floats(rows.get(i), 3), 0f);
      assertArrayEquals(e.logitsV()[i], RowArrays.floats(rows.get(i), 4), 0f);
      assertEquals(10, RowArrays.floats(rows.get(i), 5).length);
    }
  }

  /**
   * The same embeddings whatever the partitioning (issue 13): a cluster splits the pool otherwise
   * than local mode, and selection is made from these vectors. One partition and four, bit for bit.
   */
  @Test
  @Order(2)
  void embedGivesTheSameBitsWithOneOrFourPartitions() {
    String one = dir.resolve("emb-1").toString();
    String four = dir.resolve("emb-4").toString();
    EmbedJob.run(SPARK, 1, new EmbedJob.Request(pool, model, one, false));
    EmbedJob.run(SPARK, 4, new EmbedJob.Request(pool, model, four, false));
    List<Row> a = embeddings(one);
    List<Row> b = embeddings(four);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).getString(0), b.get(i).getString(0));
      for (int c = 2; c <= 5; c++) {
        assertArrayEquals(RowArrays.floats(a.get(i), c), RowArrays.floats(b.get(i), c), 0f,
            "row " + a.get(i).getString(0) + " column " + c);
      }
    }
  }

  @Test
  @Order(3)
  void evaluationReportsValAndTestLikeTheSummary() {
    ModelEvaluation.Result r = ModelEvaluation.evaluate(SPARK, pool, model);
    TrainSummary s = Json.read(Tables.store(SPARK).readString(model + "/" + ModelArtifact.SUMMARY_FILE),
        TrainSummary.class, "summary.json");
    assertEquals(s.test().get("mean"), r.test().mean(), 1e-12);
    assertEquals(s.val().get("mean"), r.val().mean(), 1e-12);
    Map<?, ?> json = Json.read(r.toJson(), Map.class, "json");
    assertEquals(List.of("test", "val"), new ArrayList<>(json.keySet()));
    // The shape 'ascmr evaluate' prints, with the same numbers.
    org.ascmr.jobs.evaluate.EvaluationResult full = ModelEvaluation.run(SPARK, PoolTable.read(SPARK, pool), model, null);
    assertEquals("model", full.method());
    assertEquals(r.test().mean(), full.split("test").map().mean(), 1e-12);
    // The project's JSON has sorted keys.
    assertEquals(List.of("i2t", "mean", "t2i"), new ArrayList<>(((Map<?, ?>) json.get("test")).keySet()));
  }

  @Test
  @Order(4)
  void killedRunResumesFromItsCheckpointAndEndsBitIdentical() {
    String out = dir.resolve("resumed").toString();
    TrainJob.Request first = new TrainJob.Request(pool, null, out, null, true, false, 1);
    TrainJob.Outcome o = TrainJob.run(SPARK, config(), first);
    assertFalse(o.finished());
    assertFalse(Files.exists(Path.of(out)), "no model before the run finishes");
    assertTrue(Files.isDirectory(dir.resolve(Checkpoint.WORK_PREFIX + "resumed").resolve("epoch-1")));
    Result r = cli(args("train", "--pool", pool, "--out", out));
    assertEquals(0, r.code(), r.err());
    TrainSummary s = Json.read(Tables.store(SPARK).readString(out + "/" + ModelArtifact.SUMMARY_FILE),
        TrainSummary.class, "summary.json");
    assertEquals(1, s.resumedFromEpoch());
    assertEquals(5, s.history().size());
    // Same seed and settings: the interrupted run ends exactly where the uninterrupted one did.
    String a = dir.resolve("emb-a").toString();
    String b = dir.resolve("emb-b").toString();
    assertEquals(0, cli("embed", "--pool", pool, "--model", model, "--out", a).code());
    assertEquals(0, cli("embed", "--pool", pool, "--model", out, "--out", b).code());
    List<Row> ra = embeddings(a);
    List<Row> rb = embeddings(b);
    for (int i = 0; i < ra.size(); i++) {
      assertArrayEquals(RowArrays.floats(ra.get(i), 2), RowArrays.floats(rb.get(i), 2), "row " + i);
      assertArrayEquals(RowArrays.floats(ra.get(i), 3), RowArrays.floats(rb.get(i), 3), "row " + i);
    }
  }

  /** One worker in local mode trains in the driver thread: the same model as the Spark task would make. */
  @Test
  @Order(11)
  void oneWorkerInTheDriverEqualsOneSparkTask() {
    List<String> one = new ArrayList<>(SETTINGS);
    one.add("train.workers=1");
    one.add("train.maxEpochs=2");
    String inDriver = dir.resolve("one-driver").toString();
    String inTask = dir.resolve("one-task").toString();
    TrainJob.run(SPARK, ConfigSource.load(null, one), new TrainJob.Request(pool, null, inDriver, null, false, false, 0));
    List<String> task = new ArrayList<>(one);
    task.add(TrainJob.DRIVER_LOCAL.key() + "=false");
    TrainJob.run(SPARK, ConfigSource.load(null, task), new TrainJob.Request(pool, null, inTask, null, false, false, 0));
    ModelArtifact.Loaded a = ModelArtifact.read(Tables.store(SPARK), inDriver);
    ModelArtifact.Loaded b = ModelArtifact.read(Tables.store(SPARK), inTask);
    assertEquals(a.metadata().configHash(), b.metadata().configHash(), "how training runs is not part of the recipe");
    float[][] img = {new float[a.spec().imageDim()]};
    float[][] txt = {new float[a.spec().textDim()]};
    img[0][0] = 1f;
    txt[0][1] = 1f;
    assertArrayEquals(a.model().embed(img, txt).fv()[0], b.model().embed(img, txt).fv()[0]);
    assertArrayEquals(a.model().prototypes()[0], b.model().prototypes()[0]);
  }

  @Test
  @Order(5)
  void warmStartContinuesAndRejectsAnotherArchitecture() {
    String out = dir.resolve("warm").toString();
    Result r = cli(args("train", "--pool", pool, "--out", out, "--warm-start", model, "--set", "train.maxEpochs=1"));
    assertEquals(0, r.code(), r.err());
    TrainSummary s = Json.read(Tables.store(SPARK).readString(out + "/" + ModelArtifact.SUMMARY_FILE),
        TrainSummary.class, "summary.json");
    TrainSummary source = Json.read(Tables.store(SPARK).readString(model + "/" + ModelArtifact.SUMMARY_FILE),
        TrainSummary.class, "summary.json");
    assertEquals(source.val().get("mean"), s.untrainedVal().get("mean"), 1e-12, "starts from the trained weights");
    ConfigException e = assertThrows(ConfigException.class, () -> TrainJob.run(SPARK,
        config().with("train.embedDim", 32), new TrainJob.Request(pool, null, dir.resolve("w2").toString(), model,
            true, false, 0)));
    assertTrue(e.getMessage().contains("embedDim 64"), e.getMessage());
  }

  @Test
  @Order(6)
  void noLabelledRowsIsBadInput() {
    String empty = dir.resolve("empty-labelled").toString();
    Dataset<Row> none = SPARK.createDataFrame(List.of(), PoolTable.LABELLED_SCHEMA);
    Tables.write(SPARK, none, empty, Metadata.create(ArtifactKind.LABELLED_SET, "test", 1L, 0, Map.of(), List.of(),
        PoolTable.read(SPARK, pool).labelledDetails()));
    Result r = cli(args("train", "--pool", pool, "--labelled", empty, "--out", dir.resolve("m0").toString()));
    assertEquals(ExitCodes.DATA, r.code(), r.err());
    assertTrue(r.err().contains(TrainJob.NO_LABELLED_ROWS), r.err());
  }

  @Test
  @Order(7)
  void labelledRowWithWrongLabelCountNamesTheRow() {
    String bad = dir.resolve("bad-labelled").toString();
    Dataset<Row> rows = PoolTable.read(SPARK, pool).labelled(SPARK, null).orderBy("id").limit(50)
        .withColumn("labels", functions.when(col("id").equalTo(firstId()),
            functions.concat(col("labels"), functions.array(functions.lit(0f)))).otherwise(col("labels")));
    Tables.write(SPARK, rows, bad, Metadata.create(ArtifactKind.LABELLED_SET, "test", 1L, 0, Map.of(), List.of(),
        PoolTable.read(SPARK, pool).labelledDetails()));
    Result r = cli(args("train", "--pool", pool, "--labelled", bad, "--out", dir.resolve("m1").toString()));
    assertEquals(ExitCodes.DATA, r.code(), r.err());
    assertTrue(r.err().contains("id " + firstId()) && r.err().contains("field 'labels': expected 10 values"),
        r.err());
  }

  private static String firstId() {
    return PoolTable.read(SPARK, pool).labelled(SPARK, null).orderBy("id").first().getString(0);
  }

  @Test
  @Order(8)
  void poolWithOtherLabelsDoesNotFitTheModel() {
    String other = dir.resolve("pool11").toString();
    PoolTable p = PoolTable.read(SPARK, pool);
    List<String> names = new ArrayList<>(p.info().labelNames());
    names.add("extra");
    PoolInfo info = new PoolInfo(p.info().source(), p.info().imageDim(), p.info().textDim(), p.info().imageFeatures(),
        p.info().textFeatures(), names, List.of(), p.info().splitCounts(), List.of());
    Dataset<Row> rows = p.rows().withColumn("labels", functions.concat(col("labels"),
        functions.array(functions.lit(0f))));
    Tables.write(SPARK, rows, other, Metadata.create(ArtifactKind.POOL, "test", 1L, 0, Map.of(), List.of(),
        Map.of(PoolInfo.DETAIL_KEY, info)));
    Result r = cli("embed", "--pool", other, "--model", model, "--out", dir.resolve("e11").toString());
    assertEquals(ExitCodes.STATE, r.code(), r.err());
    assertTrue(r.err().contains(ModelSpec.LABELS_DIFFER), r.err());
  }

  /** A pool row whose image vector is short is refused with the table, the row's id and the column. */
  @Test
  @Order(8)
  void shortVectorInThePoolNamesTheRow() {
    String bad = dir.resolve("pool-short").toString();
    PoolTable p = PoolTable.read(SPARK, pool);
    String id = p.rows().orderBy("id").first().getString(0);
    Dataset<Row> rows = p.rows().withColumn("image", functions.when(col("id").equalTo(id),
        functions.slice(col("image"), 1, 5)).otherwise(col("image")));
    Tables.write(SPARK, rows, bad, Metadata.create(ArtifactKind.POOL, "test", 1L, 0, Map.of(), List.of(),
        Map.of(PoolInfo.DETAIL_KEY, p.info())));
    Result r = cli("embed", "--pool", bad, "--model", model, "--out", dir.resolve("e-short").toString());
    assertEquals(ExitCodes.DATA, r.code(), r.err());
    assertTrue(r.err().contains("pool-short") && r.err().contains(id) && r.err().contains("image")
        && r.err().contains("found 5"), r.err());
  }

  @Test
  @Order(9)
  void missingModelDirectoryIsNamed() {
    String missing = dir.resolve("no-such-model").toString();
    Result r = cli("embed", "--pool", pool, "--model", missing, "--out", dir.resolve("e").toString());
    assertEquals(ExitCodes.STATE, r.code(), r.err());
    assertTrue(r.err().contains(missing + ": does not exist (expected a 'retrieval-model' artefact)"), r.err());
  }

  @Test
  @Order(10)
  void helpListsTheDocumentedOptions() {
    Result t = cli("train", "--help");
    for (String o : List.of("--pool", "--out", "--labelled", "--warm-start", "--[no-]resume", "--conf", "--set")) {
      assertTrue(t.out().contains(o), o + " in " + t.out());
    }
    Result e = cli("embed", "--help");
    for (String o : List.of("--pool", "--model", "--out")) assertTrue(e.out().contains(o), o + " in " + e.out());
  }
}
