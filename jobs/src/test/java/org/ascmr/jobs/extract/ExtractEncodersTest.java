package org.ascmr.jobs.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;
import org.ascmr.features.ExtractConfig;
import org.ascmr.features.encode.MiniLmEncoder;
import org.ascmr.features.encode.TinyOnnx;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.model.ModelConfig;
import org.ascmr.model.ModelSpec;
import org.ascmr.testing.BundleCopy;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretrained and user encoders through extract, on the first few OpenClipArt pairs: vectors are
 * the encoder's own (computed on the executors, batched), identical whatever the partitioning,
 * recorded in the pool metadata; bad model files get errors naming them; a model refuses a pool
 * from another encoder.
 */
class ExtractEncodersTest {
  private static final SparkSession SPARK = SparkTestSession.get();

  @TempDir
  Path tmp;

  private static ExtractConfig config(String... settings) {
    return ExtractConfig.from(ConfigSource.load(null, List.of(settings)));
  }

  /** id -> the pool's vector in {@code column} (PoolColumns.IMAGE or TEXT). */
  private static Map<String, float[]> vectors(String pool, String column) {
    Map<String, float[]> m = new HashMap<>();
    for (Row r : PoolTable.read(SPARK, pool).rows().select(PoolColumns.ID, column).collectAsList()) {
      m.put(r.getString(0), org.ascmr.jobs.io.RowArrays.floats(r, 1));
    }
    return m;
  }

  @Test
  void miniLmTextVectorsAreTheEncodersOwnAndPartitionInvariant() throws Exception {
    BundleCopy b = BundleCopy.of(tmp.resolve("bundle"), 48);
    String bundle = b.write().toString();
    ExtractConfig c = config("extract.textEncoder=minilm", "extract.encoder.batchSize=5");
    String one = tmp.resolve("p1").toString();
    String eight = tmp.resolve("p8").toString();
    ExtractJob.run(SPARK, bundle, one, c, BadRowPolicy.FAIL, false, 1);
    ExtractJob.run(SPARK, bundle, eight, c, BadRowPolicy.FAIL, false, 8);

    PoolInfo info = PoolTable.read(SPARK, one).info();
    assertEquals(384, info.textDim());
    assertTrue(info.vocabulary().isEmpty());
    assertNotNull(info.textEncoder());
    assertEquals("minilm", info.textEncoder().name());
    assertEquals(256, info.imageDim()); // the descriptor is still the image default here
    assertEquals(null, info.imageEncoder());

    Map<String, float[]> a = vectors(one, PoolColumns.TEXT);
    Map<String, float[]> bb = vectors(eight, PoolColumns.TEXT);
    assertEquals(48, a.size());
    try (MiniLmEncoder direct = MiniLmEncoder.load(1)) {
      for (int line = 1; line <= 3; line++) {
        String id = b.id(line);
        String text = Json.tree(b.line(line), "x").get("text").asText();
        assertArrayEquals(direct.encode(List.of(text))[0], a.get(id), 0f, id);
      }
    }
    for (Map.Entry<String, float[]> e : a.entrySet()) assertArrayEquals(e.getValue(), bb.get(e.getKey()), 0f);
  }

  @Test
  void mobileNetImageVectorsAreIdenticalWhateverThePartitioning() throws Exception {
    BundleCopy b = BundleCopy.of(tmp.resolve("bundle"), 12);
    String bundle = b.write().toString();
    ExtractConfig c = config("extract.imageEncoder=mobilenet-v2", "extract.mobilenet.layer=block_10_project_BN",
        "extract.textEncoder=tfidf", "extract.minDocFreq=1", "extract.encoder.batchSize=5");
    String one = tmp.resolve("p1").toString();
    String five = tmp.resolve("p5").toString();
    ExtractJob.run(SPARK, bundle, one, c, BadRowPolicy.FAIL, false, 1);
    ExtractJob.run(SPARK, bundle, five, c, BadRowPolicy.FAIL, false, 5);
    PoolInfo info = PoolTable.read(SPARK, one).info();
    assertEquals(96, info.imageDim());
    assertEquals("mobilenet-v2", info.imageEncoder().name());
    assertTrue(info.imageEncoder().layer().startsWith("block_10_project_BN"), info.imageEncoder().layer());
    Map<String, float[]> a = vectors(one, PoolColumns.IMAGE);
    Map<String, float[]> bb = vectors(five, PoolColumns.IMAGE);
    assertEquals(12, a.size());
    for (Map.Entry<String, float[]> e : a.entrySet()) assertArrayEquals(e.getValue(), bb.get(e.getKey()), 0f);
  }

  @Test
  void userOnnxImageModelRunsOnTheExecutorsAndIsRecorded() throws Exception {
    BundleCopy b = BundleCopy.of(tmp.resolve("bundle"), 20);
    Path model = tmp.resolve("gap.onnx");
    Files.write(model, TinyOnnx.model("GlobalAveragePool", "pixels", new long[] {-1, 3, 32, 32}, "pooled",
        new long[] {-1, 3, 1, 1}));
    ExtractConfig c = config("extract.imageEncoder=onnx", "extract.onnx.image.model=" + model,
        "extract.onnx.image.input=pixels", "extract.onnx.image.output=pooled", "extract.onnx.image.size=32");
    String out = tmp.resolve("pool").toString();
    ExtractJob.run(SPARK, b.write().toString(), out, c, BadRowPolicy.FAIL, false, 3);
    PoolInfo info = PoolTable.read(SPARK, out).info();
    assertEquals(3, info.imageDim());
    assertEquals("onnx", info.imageEncoder().name());
    assertEquals(64, info.imageEncoder().weightsSha256().length());
    for (float[] v : vectors(out, PoolColumns.IMAGE).values()) {
      double norm = 0;
      for (float x : v) norm += x * x;
      assertEquals(1.0, norm, 1e-5);
    }
  }

  @Test
  void missingOrCorruptModelFilesAreNamedBeforeAnyWork() throws Exception {
    BundleCopy b = BundleCopy.of(tmp.resolve("bundle"), 10);
    String bundle = b.write().toString();
    Path missing = tmp.resolve("nope.onnx");
    BadInputException e1 = assertThrows(BadInputException.class, () -> ExtractJob.run(SPARK, bundle,
        tmp.resolve("a").toString(), config("extract.imageEncoder=onnx", "extract.onnx.image.model=" + missing,
            "extract.onnx.image.output=x"), BadRowPolicy.FAIL, false, 2));
    assertTrue(e1.getMessage().contains(missing.toString()) && e1.getMessage().contains("not found"), e1.getMessage());

    Path corrupt = tmp.resolve("corrupt.onnx");
    Files.writeString(corrupt, "this is not an onnx model");
    RuntimeException e2 = assertThrows(RuntimeException.class, () -> ExtractJob.run(SPARK, bundle,
        tmp.resolve("b").toString(), config("extract.imageEncoder=onnx", "extract.onnx.image.model=" + corrupt,
            "extract.onnx.image.output=x"), BadRowPolicy.FAIL, false, 2));
    assertTrue(e2.getMessage().contains(corrupt.toString()), e2.getMessage());
    assertTrue(Files.notExists(tmp.resolve("b")), "nothing written for a bad model");
  }

  @Test
  void aModelRefusesAPoolFromAnotherEncoder() throws Exception {
    BundleCopy b = BundleCopy.of(tmp.resolve("bundle"), 12);
    String out = tmp.resolve("pool").toString();
    ExtractJob.run(SPARK, b.write().toString(), out, config("extract.textEncoder=minilm"), BadRowPolicy.FAIL, false,
        2);
    PoolInfo info = PoolTable.read(SPARK, out).info();
    // A model trained on a TF-IDF pool of the same width: nothing but the recorded encoder tells them apart.
    ModelSpec tfidfModel = new ModelSpec(info.imageDim(), info.textDim(), info.labelNames(),
        ModelConfig.defaults(), true);
    StateException e = assertThrows(StateException.class, () -> tfidfModel.checkCompatible(out, "pool",
        info.imageDim(), info.textDim(), info.labelNames(), info.imageEncoder(), info.textEncoder()));
    assertTrue(e.getMessage().contains("minilm") && e.getMessage().contains(ModelSpec.ENCODERS_DIFFER),
        e.getMessage());
  }
}
