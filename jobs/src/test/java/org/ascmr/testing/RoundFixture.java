package org.ascmr.testing;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.ScoreColumns;
import org.ascmr.data.SelectionColumns;
import org.ascmr.data.Split;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.workspace.WorkspaceLayout;

/**
 * Shared pieces of the round tests: a small real pool (the first 300 rows per split of the
 * Wikipedia benchmark, imported once per JVM), small model settings that keep a round to seconds,
 * labels files made from the pool's ground truth, in-process CLI calls, and a digest of a
 * workspace's files to show that a failed command changed nothing.
 */
public final class RoundFixture {
  /** Small model and round settings (TrainJobTest's model, two estimator epochs, a batch of 20). */
  public static final List<String> SETTINGS = List.of("train.embedDim=64", "train.labelDim=16", "train.lr=0.005",
      "train.batchSize=32", "train.maxEpochs=3", "train.workers=1", "train.threads=1", "score.embedDim=32",
      "score.hidden=64", "score.epochs=2", "score.trainThreads=1", "density.recallQueries=50", "round.budget=20",
      // The round tests check every stage's table: the full pipeline of the paper, not the default.
      "round.selection=paper");

  private static String wikipedia;

  private RoundFixture() {}

  /** The first 300 rows of each split of the Wikipedia pool (300 train, 217 val, 300 test), once per JVM. */
  public static synchronized String wikipediaPool(SparkSession spark) {
    if (wikipedia == null) {
      try {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-pools").toAbsolutePath()),
            "wikipedia-300-");
        wikipedia = PoolSubset.firstRows(spark, WikipediaPool.path(), dir.resolve("pool").toString(), 300);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return wikipedia;
  }



  /**
   * A workspace at {@code ws} over {@code pool} ({@code ascmr init}), with {@code labels} ingested
   * unless null; asserts both commands succeed and returns {@code ws}.
   */
  public static String workspace(String ws, String pool, Path labels) {
    InProcessCli.Result init = InProcessCli.cli("init", "--workspace", ws, "--pool", pool);
    org.junit.jupiter.api.Assertions.assertEquals(0, init.code(), init.err());
    if (labels != null) {
      InProcessCli.Result ingest = InProcessCli.cli("ingest-labels", "--workspace", ws, labels.toString());
      org.junit.jupiter.api.Assertions.assertEquals(0, ingest.code(), ingest.err());
    }
    return ws;
  }

  /** {@code head} followed by --set for each of {@link #SETTINGS} and {@code extra}. */
  public static String[] args(List<String> extra, String... head) {
    List<String> a = new ArrayList<>(List.of(head));
    for (String s : SETTINGS) {
      a.add("--set");
      a.add(s);
    }
    for (String s : extra) {
      a.add("--set");
      a.add(s);
    }
    return a.toArray(String[]::new);
  }

  public static String[] args(String... head) {
    return args(List.of(), head);
  }

  /**
   * A round's tables, rows in a fixed order (embed, score, the labelled pairs' scores, density,
   * allocate): what must come out the same however the round ran.
   */
  public static Map<String, List<Row>> roundTables(SparkSession spark, String ws, int round) {
    String r = Tables.store(spark).qualify(ws) + "/" + WorkspaceLayout.ROUNDS_DIR + "/" + round + "/";
    Map<String, List<Row>> t = new LinkedHashMap<>();
    t.put("embed", sorted(Tables.read(spark, r + "embed", ArtifactKind.EMBEDDINGS).rows(), "id"));
    t.put("score", sorted(Tables.read(spark, r + "score", ArtifactKind.SCORES).rows(), ScoreColumns.ID));
    t.put("score/labelled", sorted(spark.read().parquet(r + "score/" + ScoreColumns.LABELLED_DIR), ScoreColumns.ID));
    t.put("density", sorted(Tables.read(spark, r + "density", ArtifactKind.DENSITY).rows(), "id"));
    t.put("allocate", roundSelection(spark, ws, round));
    return t;
  }

  /** A round's selection table, by rank. */
  public static List<Row> roundSelection(SparkSession spark, String ws, int round) {
    String r = Tables.store(spark).qualify(ws) + "/" + WorkspaceLayout.ROUNDS_DIR + "/" + round + "/";
    return sorted(Tables.read(spark, r + "allocate", ArtifactKind.SELECTION).rows(), SelectionColumns.RANK);
  }

  private static List<Row> sorted(Dataset<Row> rows, String by) {
    return rows.orderBy(by).collectAsList();
  }

  /** Train ids of the pool, sorted. */
  public static List<String> trainIds(SparkSession spark, String pool) {
    List<String> ids = new ArrayList<>();
    for (Row r : PoolTable.read(spark, pool).split(Split.TRAIN).select(PoolColumns.ID).orderBy(PoolColumns.ID)
        .collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  /** Ground-truth label names of {@code ids} from the pool. */
  public static Map<String, List<String>> groundTruth(SparkSession spark, String pool, List<String> ids) {
    PoolTable p = PoolTable.read(spark, pool);
    List<String> names = p.info().labelNames();
    Map<String, List<String>> out = new TreeMap<>();
    for (Row r : p.rows().where(col(PoolColumns.ID).isin(ids.toArray())).select(PoolColumns.ID, PoolColumns.LABELS)
        .collectAsList()) {
      List<Float> y = r.getList(1);
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < y.size(); i++) if (y.get(i) > 0) labels.add(names.get(i));
      out.put(r.getString(0), labels);
    }
    return out;
  }

  /** Writes {@code ids} with their ground-truth labels as one of our JSONL labels files. */
  public static Path labelsFile(SparkSession spark, String pool, List<String> ids, Path file) {
    StringBuilder b = new StringBuilder();
    groundTruth(spark, pool, ids).forEach((id, labels) ->
        b.append(Json.compact(Map.of("id", id, "labels", labels))).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * SHA-256 of every file below {@code ws} by relative path, leaving out what a failed command is
   * expected to touch: history/ (one record per command) and the rounds' manifest.json (the
   * failure is recorded there for status).
   */
  public static Map<String, String> digest(Path ws) {
    Map<String, String> out = new TreeMap<>();
    try {
      Files.walkFileTree(ws, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          String rel = ws.relativize(f).toString();
          if (rel.startsWith(WorkspaceLayout.HISTORY_DIR + "/") || rel.endsWith("/" + WorkspaceLayout.ROUND_MANIFEST)
              || f.getFileName().toString().endsWith(".crc")) {
            return FileVisitResult.CONTINUE;
          }
          out.put(rel, sha256(Files.readAllBytes(f)));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
