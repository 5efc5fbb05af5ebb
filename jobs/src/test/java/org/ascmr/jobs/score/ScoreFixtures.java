package org.ascmr.jobs.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.SeededSplit;
import org.ascmr.data.Split;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;

/** Artefacts the score tests need around a real pool: a labelled set and embeddings tables. */
final class ScoreFixtures {
  private ScoreFixtures() {}

  /** A fresh directory under target/score-tests for one test's artefacts. */
  static java.nio.file.Path tempDir(String prefix) throws java.io.IOException {
    return java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(
        java.nio.file.Path.of("target", "score-tests").toAbsolutePath()), prefix);
  }

  /** Whether a train id is in the fixture's labelled set: a seeded {@code fraction} of ids. */
  static boolean isLabelled(String id, double fraction, long seed) {
    return SeededSplit.unit(seed, 0x1AB, id) < fraction;
  }

  /** Writes a LABELLED_SET artefact with the seeded {@code fraction} of the pool's train pairs. */
  static Set<String> writeLabelled(SparkSession spark, String poolPath, String out, double fraction, long seed) {
    PoolTable pool = PoolTable.read(spark, poolPath);
    List<Row> train = pool.split(Split.TRAIN).select(PoolColumns.ID, PoolColumns.LABELS).collectAsList();
    List<Row> chosen = train.stream().filter(r -> isLabelled(r.getString(0), fraction, seed)).toList();
    Set<String> ids = new HashSet<>();
    chosen.forEach(r -> ids.add(r.getString(0)));
    Metadata md = Metadata.create(ArtifactKind.LABELLED_SET, "test-fixture", seed, chosen.size(), Map.of(), List.of(),
        pool.labelledDetails());
    Tables.write(spark, spark.createDataFrame(chosen, PoolTable.LABELLED_SCHEMA).repartition(2), out, md);
    return ids;
  }

  /**
   * Writes an EMBEDDINGS artefact whose f_v, f_t are the pool's own vectors (the first
   * {@code imageDims} image values; all when 0), for every row of the pool except
   * {@code dropId}.
   */
  static void writeEmbeddings(SparkSession spark, String poolPath, String out, int imageDims, String dropId) {
    PoolTable pool = PoolTable.read(spark, poolPath);
    Dataset<Row> rows = pool.rows();
    if (dropId != null) rows = rows.where(col(PoolColumns.ID).notEqual(lit(dropId)));
    Dataset<Row> emb = rows.select(col(PoolColumns.ID).as(EmbeddingColumns.ID),
        col(PoolColumns.SPLIT).as(EmbeddingColumns.SPLIT),
        (imageDims > 0 ? slice(col(PoolColumns.IMAGE), 1, imageDims) : col(PoolColumns.IMAGE)).as(EmbeddingColumns.FV),
        col(PoolColumns.TEXT).as(EmbeddingColumns.FT));
    Metadata md = Metadata.create(ArtifactKind.EMBEDDINGS, "test-fixture", 0L, 0, Map.of(), List.of(), Map.of());
    Tables.write(spark, emb.repartition(3), out, md);
  }

  /**
   * Writes a copy of the pool at {@code out} in which a seeded {@code fraction} of the train pairs
   * outside {@code labelled} have the text of another train pair (chosen by a seeded hash of the
   * id, never the pair itself). Returns the ids of the mismatched pairs.
   */
  static Set<String> writeMismatchedPool(SparkSession spark, String poolPath, String out, Set<String> labelled,
      double fraction, long seed) {
    PoolTable pool = PoolTable.read(spark, poolPath);
    List<Row> all = pool.rows().select(PoolColumns.ID, PoolColumns.SPLIT, PoolColumns.IMAGE, PoolColumns.TEXT,
        PoolColumns.LABELS).orderBy(PoolColumns.ID).collectAsList();
    List<Row> train = all.stream().filter(r -> Split.TRAIN.id().equals(r.getString(1))).toList();
    Set<String> mismatched = new HashSet<>();
    List<Row> rows = new java.util.ArrayList<>();
    for (Row r : all) {
      String id = r.getString(0);
      boolean corrupt = Split.TRAIN.id().equals(r.getString(1)) && !labelled.contains(id)
          && SeededSplit.unit(seed, 0xBAD, id) < fraction;
      if (!corrupt) {
        rows.add(r);
        continue;
      }
      int donor = (int) (SeededSplit.unit(seed, 0xD0, id) * (train.size() - 1));
      if (train.get(donor).getString(0).equals(id)) donor = train.size() - 1;
      rows.add(RowFactory.create(id, r.get(1), r.get(2), train.get(donor).get(3), r.get(4)));
      mismatched.add(id);
    }
    Metadata md = Metadata.create(ArtifactKind.POOL, "test-fixture", seed, rows.size(), Map.of(), List.of(),
        Map.of(PoolInfo.DETAIL_KEY, pool.info()));
    Tables.write(spark, spark.createDataFrame(rows, PoolTable.SCHEMA).repartition(3), out, md);
    return mismatched;
  }

  /** The labelled-set ids of a LABELLED_SET artefact. */
  static Set<String> ids(Dataset<Row> rows, String column) {
    Set<String> out = new HashSet<>();
    rows.select(column).collectAsList().forEach(r -> out.add(r.getString(0)));
    return out;
  }

  static final String LABELLED_ID = LabelledColumns.ID;
}
