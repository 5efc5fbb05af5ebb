package org.ascmr.jobs.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.DensityColumns;
import org.ascmr.density.DensityConfig;
import org.ascmr.error.BadInputException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.jobs.io.Tables;
import org.ascmr.testing.ScoreFixture;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The density stage on a real-data pool: the Wikipedia train pairs (2,173) with 10% labelled. */
class DensityJobTest {
  private static final SparkSession spark = SparkTestSession.get();
  @TempDir
  static Path dir;
  private static String scores;

  @BeforeAll
  static void writeScores() {
    scores = dir.resolve("scores").toString();
    ScoreFixture.write(spark, scores, 0.1, 5, 3);
  }

  private static List<Row> sorted(String table) {
    List<Row> rows = new ArrayList<>(Tables.read(spark, table, ArtifactKind.DENSITY).rows()
        .orderBy(DensityColumns.ID).collectAsList());
    return rows;
  }

  @Test
  void recallAtDefaultsIsAtLeast95PercentAndTableIsComplete() {
    String out = dir.resolve("density-default").toString();
    DensityJob.Outcome o = DensityJob.run(spark, ConfigSource.empty(), scores, out, false, 4);
    assertTrue(o.stats().recall() >= 0.95, "recall@10 at defaults: " + o.stats().recall());
    assertEquals(500, o.stats().recallQueries());
    assertEquals(2173, o.metadata().rows());
    assertEquals(47, o.stats().clusters());
    Map<?, ?> details = o.metadata().detail(DensityJob.DETAILS, Map.class);
    assertEquals(o.stats().recall(), ((Number) details.get("recallAtK")).doubleValue(), 1e-12);

    List<Row> rows = sorted(out);
    Map<String, Row> byId = new HashMap<>();
    for (Row r : rows) byId.put(r.getString(0), r);
    long labelled = rows.stream().filter(r -> r.getBoolean(1)).count();
    assertTrue(labelled > 150 && labelled < 290, "about 10% labelled: " + labelled);
    for (Row r : rows) {
      List<String> nb = r.getList(4);
      List<Float> w = r.getList(5);
      assertTrue(nb.size() >= 10, r.getString(0) + " has " + nb.size() + " neighbours");
      assertFalse(nb.contains(r.getString(0)), "no self loops");
      for (int i = 0; i < nb.size(); i++) {
        // symmetric: every neighbour lists this row back with the same weight
        Row other = byId.get(nb.get(i));
        int back = other.getList(4).indexOf(r.getString(0));
        assertTrue(back >= 0, nb.get(i) + " does not list " + r.getString(0));
        assertEquals(w.get(i), (Float) other.getList(5).get(back));
        assertTrue(w.get(i) >= 0);
        if (i > 0) assertTrue(w.get(i - 1) >= w.get(i), "sorted by similarity");
      }
      assertTrue(r.getDouble(3) > 0 && r.getDouble(3) <= 1, "rho in (0, 1]: " + r.getDouble(3));
    }
    // rank = position in id order (rows are sorted by id here); neighbour ranks name the neighbours
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertEquals(i, r.getInt(r.fieldIndex(DensityColumns.RANK)), r.getString(0));
      List<String> nb = r.getList(4);
      List<Integer> ranks = r.getList(r.fieldIndex(DensityColumns.NEIGHBOR_RANKS));
      assertEquals(nb.size(), ranks.size());
      for (int e = 0; e < nb.size(); e++) assertEquals(nb.get(e), rows.get(ranks.get(e)).getString(0));
    }
    // clusterRho: the mean pairwise cosine of the u of all the cluster's members, labelled too
    Map<Integer, List<float[]>> members = new HashMap<>();
    Map<Integer, Double> clusterRho = new HashMap<>();
    Map<String, float[]> units = new HashMap<>();
    for (Row p : ScoreArtifact.read(spark, scores).pool().collectAsList()) {
      units.put(p.getString(0), org.ascmr.jobs.io.RowArrays.floats(p, 2));
    }
    for (Row r : rows) {
      int c = r.getInt(2);
      members.computeIfAbsent(c, k -> new ArrayList<>()).add(units.get(r.getString(0)));
      double rhoC = r.getDouble(r.fieldIndex(DensityColumns.CLUSTER_RHO));
      assertEquals(clusterRho.computeIfAbsent(c, k -> rhoC), rhoC, "one rho_c per cluster: " + c);
    }
    assertEquals(o.stats().clusters(), members.size());
    members.forEach((c, us) -> assertEquals(Math.max(0, org.ascmr.allocate.SelectionStats.meanPairwiseSimilarity(us)),
        clusterRho.get(c), 1e-6, "cluster " + c));
    // rerun with the same settings and input: up to date, nothing rewritten
    assertTrue(DensityJob.run(spark, ConfigSource.empty(), scores, out, false, 4).upToDate());
  }

  @Test
  void sameListsForOneAndEightPartitions() {
    ConfigSource cfg = ConfigSource.parse("density.recallQueries = 0");
    String one = dir.resolve("density-p1").toString();
    String eight = dir.resolve("density-p8").toString();
    String rescored = dir.resolve("scores-8").toString();
    ScoreFixture.write(spark, rescored, 0.1, 5, 8); // same rows, 8 input files instead of 3
    DensityJob.run(spark, cfg, scores, one, false, 1);
    DensityJob.run(spark, cfg, rescored, eight, false, 8);
    List<Row> a = sorted(one);
    List<Row> b = sorted(eight);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) assertEquals(a.get(i), b.get(i), "row " + a.get(i).getString(0));
  }

  @Test
  void probingEveryClusterIsExactAlsoWithSplitBlocks() {
    // nprobe >= clusters: every query scans the whole pool, so recall must be exactly 1, also
    // when each cluster (about 240 items) is split into blocks of at most 50.
    String out = dir.resolve("density-exact").toString();
    DensityJob.Outcome o = DensityJob.run(spark, ConfigSource.parse(
        "density.clusters = 9\ndensity.nprobe = 9\ndensity.recallQueries = 200\ndensity.maxBlockRows = 50"),
        scores, out, false, 2);
    assertEquals(1.0, o.stats().recall());
    assertTrue(o.stats().blocks() >= 9 * 4, "clusters split into blocks: " + o.stats().blocks());
  }

  @Test
  void randomProjectionIsMeasuredAgainstTheOriginalVectors() {
    String out = dir.resolve("density-proj").toString();
    DensityJob.Outcome o = DensityJob.run(spark, ConfigSource.parse(
        "density.projectionDims = 64\ndensity.recallQueries = 200"), scores, out, false, 2);
    assertEquals(64, o.stats().searchDim());
    assertEquals(138, o.stats().dim());
    // 138 -> 64 dims loses some neighbours; the recall against exact search on u says how many
    assertTrue(o.stats().recall() > 0.3 && o.stats().recall() < 1.0, "recall " + o.stats().recall());
  }

  @Test
  void notUnitVectorIsBadInputNamingTheRow() {
    String bad = dir.resolve("scores-bad").toString();
    ScoreFixture.write(spark, bad, 0.1, 5, 2);
    // rewrite data/ with one vector scaled by 2
    List<Row> rows = new ArrayList<>(spark.read().parquet(bad + "/data").collectAsList());
    Row r0 = rows.get(0);
    List<Float> u = r0.getList(7);
    float[] doubled = new float[u.size()];
    for (int i = 0; i < doubled.length; i++) doubled[i] = 2 * u.get(i);
    rows.set(0, org.apache.spark.sql.RowFactory.create(r0.get(0), r0.get(1), r0.get(2), r0.get(3), r0.get(4),
        r0.get(5), r0.get(6), doubled));
    spark.createDataFrame(rows, spark.read().parquet(bad + "/data").schema()).write().mode("overwrite")
        .parquet(bad + "/data2");
    // swap the directory in (Parquet cannot overwrite what it is reading)
    org.apache.hadoop.fs.FileSystem fs = Tables.store(spark).fs(bad);
    try {
      fs.delete(new org.apache.hadoop.fs.Path(bad + "/data"), true);
      fs.rename(new org.apache.hadoop.fs.Path(bad + "/data2"), new org.apache.hadoop.fs.Path(bad + "/data"));
    } catch (java.io.IOException e) {
      throw new RuntimeException(e);
    }
    Exception e = assertThrows(Exception.class, () -> DensityJob.run(spark, ConfigSource.empty(), bad,
        dir.resolve("density-bad").toString(), false, 2));
    BadInputException b = (BadInputException) org.ascmr.cli.TestCauses.find(e, BadInputException.class);
    assertTrue(b.getMessage().contains("id " + r0.getString(0)), b.getMessage());
    assertTrue(b.getMessage().contains(KnnGraphBuilder.NOT_UNIT), b.getMessage());
    assertEquals("u", b.field());
  }

  @Test
  void shufflePartitionsFollowThePoolAboveTheSetting() {
    assertEquals(8, KnnGraphBuilder.shufflePartitions(2173, 8));
    assertEquals(4, KnnGraphBuilder.shufflePartitions(1_000_000, 4));
    assertEquals(16, KnnGraphBuilder.shufflePartitions(4_000_000, 4));
    assertEquals(401, KnnGraphBuilder.shufflePartitions(100_000_001, 4));
  }

  @Test
  void settingsAreValidatedBeforeWork() {
    assertThrows(org.ascmr.error.ConfigException.class,
        () -> DensityJob.run(spark, ConfigSource.parse("density.k = 0"), scores, dir.resolve("x").toString(), false, 2));
    assertEquals(10, DensityConfig.defaults().k());
  }
}
