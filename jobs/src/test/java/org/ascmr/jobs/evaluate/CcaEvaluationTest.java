package org.ascmr.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ascmr.cca.CcaConfig;
import org.ascmr.data.PoolInfo;
import org.ascmr.error.BadInputException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.testing.PoolSubset;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.WikipediaPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcaEvaluationTest {
  private final SparkSession spark = SparkTestSession.get();

  /** A 4-row pool whose metadata says 3 image dims while row "b" has 2. */
  @Test
  void wrongVectorLengthNamesTheRow() throws Exception {
    String out = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "badpool-").resolve("pool").toString();
    List<Row> rows = List.of(
        RowFactory.create("a", "train", new float[] {1, 0, 0}, new float[] {1, 2}, new float[] {1}),
        RowFactory.create("b", "train", new float[] {1, 0}, new float[] {1, 2}, new float[] {1}),
        RowFactory.create("c", "train", new float[] {0, 1, 0}, new float[] {2, 2}, new float[] {1}),
        RowFactory.create("d", "test", new float[] {0, 0, 1}, new float[] {2, 1}, new float[] {1}));
    PoolInfo info = new PoolInfo("hand", 3, 2, "x", "y", List.of("l"), List.of(), Map.of(), List.of());
    Tables.write(spark, spark.createDataFrame(rows, PoolTable.SCHEMA).coalesce(1), out,
        Metadata.create(ArtifactKind.POOL, "test", null, 4, Map.of(), List.of(), Map.of(PoolInfo.DETAIL_KEY, info)));
    PoolTable pool = PoolTable.read(spark, out);
    SparkException e = assertThrows(SparkException.class,
        () -> CcaEvaluation.fit(spark, pool, CcaConfig.single(1, 0.1)));
    BadInputException cause = findCause(e);
    assertEquals("id b", cause.row());
    assertEquals("image", cause.field());
    assertTrue(cause.getMessage().contains("expected 3 values (pool metadata), found 2"), cause.getMessage());
  }

  /**
   * The real benchmark: dims and ridge chosen on val from the default candidates, fitted on the
   * 1,956 train pairs. Published CCA (Rasiwasia et al. 2010, all 2,173 pairs): I2T 0.249, T2I 0.196.
   */
  @Test
  void wikipediaTestMapIsNearThePublishedCca() {
    PoolTable pool = PoolTable.read(spark, WikipediaPool.path());
    EvaluationResult r = CcaEvaluation.run(spark, pool, CcaConfig.defaults(), null);
    SplitResult test = r.split("test");
    SplitResult val = r.split("val");
    System.out.printf("Wikipedia pool, cca %s: test I2T %.4f T2I %.4f mean %.4f; val mean %.4f%n",
        r.details().get("dims") + "/" + r.details().get("ridge"), test.map().i2t(), test.map().t2i(),
        test.map().mean(), val.map().mean());
    assertEquals(693, test.items());
    assertEquals(217, val.items());
    assertEquals(1956L, r.details().get("trainPairs"));
    assertTrue(test.map().i2t() > 0.20 && test.map().i2t() < 0.30, "I2T " + test.map().i2t());
    assertTrue(test.map().t2i() > 0.16 && test.map().t2i() < 0.26, "T2I " + test.map().t2i());
    // The chosen candidate is the best on val, and the val score reported is that candidate's.
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> candidates = (List<Map<String, Object>>) r.details().get("candidates");
    double bestVal = candidates.stream().mapToDouble(c -> (Double) c.get("valMean")).max().orElseThrow();
    assertEquals(bestVal, val.map().mean(), 1e-6);
  }

  /**
   * The same rows stored as one file or as five in hashed order give the same fit, bit for bit
   * (issue 13, item 5): the canonical correlations, which follow every last bit of the summed
   * moments, and so the scores.
   */
  @Test
  void sameFitWhateverThePoolsFiles(@TempDir Path dir) {
    PoolTable one = PoolTable.read(spark, PoolSubset.asFiles(spark, WikipediaPool.path(), dir.resolve("1").toString(), 1));
    PoolTable five = PoolTable.read(spark, PoolSubset.asFiles(spark, WikipediaPool.path(), dir.resolve("5").toString(), 5));
    CcaConfig cfg = CcaConfig.single(8, 1.0);
    assertArrayEquals(CcaEvaluation.fit(spark, one, cfg).choice().model().correlations(),
        CcaEvaluation.fit(spark, five, cfg).choice().model().correlations());
    EvaluationResult a = CcaEvaluation.run(spark, one, cfg, null);
    EvaluationResult b = CcaEvaluation.run(spark, five, cfg, null);
    assertEquals(a.split("test").map().i2t(), b.split("test").map().i2t());
    assertEquals(a.split("test").map().t2i(), b.split("test").map().t2i());
    assertEquals(a.split("val").map().mean(), b.split("val").map().mean());
  }

  private static BadInputException findCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof BadInputException b) return b;
    throw new AssertionError("no BadInputException in " + e, e);
  }
}
