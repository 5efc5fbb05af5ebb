package org.ascmr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.SelectionColumns;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;

/**
 * Small real pool and selection artefacts for tests that need the pool's ids, splits and labels
 * but not its features: the rows of test-data/openclipart/pairs.jsonl (ids, splits, ground-truth
 * labels from labels.txt) with short stand-in feature vectors derived from each pair's image path
 * and text (a SHA-256, so they are real-data-derived and deterministic). Written once per test JVM.
 */
public final class TestPools {
  public static final int DIM = 8;
  public static final StructType SELECTION_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(SelectionColumns.ROUND, DataTypes.IntegerType, false),
      DataTypes.createStructField(SelectionColumns.RANK, DataTypes.IntegerType, false),
      DataTypes.createStructField(SelectionColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(SelectionColumns.INFORMATIVENESS, DataTypes.DoubleType, false),
      DataTypes.createStructField(SelectionColumns.RHO, DataTypes.DoubleType, false),
      DataTypes.createStructField(SelectionColumns.GAIN, DataTypes.DoubleType, false),
      DataTypes.createStructField(SelectionColumns.CLUSTER, DataTypes.IntegerType, false)});

  private static String openClipArtPool;
  private static String importedPool;

  private TestPools() {}

  /** One row of pairs.jsonl. */
  public record Pair(String id, String image, String text, List<String> labels, String split) {}

  public static List<Pair> openClipArtPairs() {
    Path file = TestData.openClipArt().resolve("pairs.jsonl");
    List<Pair> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) continue;
        JsonNode n = Json.tree(line, file.toString());
        List<String> labels = new ArrayList<>();
        n.path("labels").forEach(l -> labels.add(l.asText()));
        out.add(new Pair(n.get("id").asText(), n.get("image").asText(), n.get("text").asText(), labels,
            n.path("split").asText("train")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public static List<String> openClipArtLabelNames() {
    try {
      return Files.readAllLines(TestData.openClipArt().resolve("labels.txt"), StandardCharsets.UTF_8).stream()
          .map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Train pairs sorted by id (what the label files in test resources were picked from). */
  public static List<Pair> trainPairsById() {
    return openClipArtPairs().stream().filter(p -> p.split().equals("train")).sorted(Comparator.comparing(Pair::id))
        .toList();
  }

  /** The whole OpenClipArt bundle as a pool (3,195 rows, 39 labels) whose source is the bundle. */
  public static synchronized String openClipArtPool(SparkSession spark) {
    if (openClipArtPool == null) {
      openClipArtPool = writePool(spark, scratch("openclipart-pool"), openClipArtPairs(),
          TestData.openClipArt().toAbsolutePath().toString());
    }
    return openClipArtPool;
  }

  /** The same rows as a pool without a pairs bundle (as import-mat writes: source is a .mat file). */
  public static synchronized String importedPool(SparkSession spark) {
    if (importedPool == null) {
      importedPool = writePool(spark, scratch("imported-pool"), openClipArtPairs(),
          TestData.wikipedia().resolve("raw_features.mat").toAbsolutePath().toString());
    }
    return importedPool;
  }

  public static String writePool(SparkSession spark, Path dir, List<Pair> pairs, String source) {
    List<String> names = openClipArtLabelNames();
    List<Row> rows = new ArrayList<>();
    Map<String, Long> splits = new TreeMap<>();
    for (Pair p : pairs) {
      float[] y = new float[names.size()];
      for (String l : p.labels()) y[names.indexOf(l)] = 1f;
      rows.add(RowFactory.create(p.id(), p.split(), boxed(digestVector(p.image())), boxed(digestVector(p.text())),
          boxed(y)));
      splits.merge(p.split(), 1L, Long::sum);
    }
    PoolInfo info = new PoolInfo(source, DIM, DIM, "test-fixture: sha256 of the image path", "test-fixture: sha256 of"
        + " the text", names, List.of(), splits, List.of("test fixture: feature vectors are stand-ins"));
    Metadata md = Metadata.create(ArtifactKind.POOL, "extract", 0L, rows.size(), Map.of(), List.of(),
        Map.of(PoolInfo.DETAIL_KEY, info));
    String out = dir.resolve("pool").toString();
    Tables.write(spark, spark.createDataFrame(rows, PoolTable.SCHEMA).coalesce(1), out, md);
    return out;
  }

  /** A SELECTION artefact of round {@code round} picking {@code ids} in that order. */
  public static String writeSelection(SparkSession spark, String out, int round, List<String> ids, String pool) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      rows.add(RowFactory.create(round, i, ids.get(i), 1.0 - i * 0.01, 0.5, 0.1, i % 3));
    }
    Metadata poolMd = Tables.store(spark).readMetadata(pool, ArtifactKind.POOL);
    Metadata md = Metadata.create(ArtifactKind.SELECTION, "allocate", 0L, rows.size(), Map.of("allocate.budget",
        Integer.toString(ids.size())), List.of(new InputRef("pool", pool, poolMd.rows(), poolMd.fingerprint())),
        Map.of("round", round));
    Tables.write(spark, spark.createDataFrame(rows, SELECTION_SCHEMA).coalesce(1), out, md);
    return out;
  }

  static float[] digestVector(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      float[] v = new float[DIM];
      for (int i = 0; i < DIM; i++) v[i] = (d[i] & 0xff) / 255f;
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Float[] boxed(float[] v) {
    Float[] b = new Float[v.length];
    for (int i = 0; i < v.length; i++) b[i] = v[i];
    return b;
  }

  private static Path scratch(String name) {
    try {
      Path base = Path.of("target", "test-pools").toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
