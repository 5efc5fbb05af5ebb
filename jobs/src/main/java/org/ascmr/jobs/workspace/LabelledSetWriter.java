package org.ascmr.jobs.workspace;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.LabelledColumns;
import org.ascmr.error.BadInputException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Json;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.workspace.LabelIngestion;
import org.ascmr.workspace.LabelManifest;

/**
 * Materialises the workspace's labelled set, the union of every ingested labels file (for an id
 * in several files, those of its latest ingestion: a correction made with --relabel), as the
 * LABELLED_SET artefact {@code <ws>/labelled} (id + multi-hot over the pool's label names) that
 * stages take as {@code --labelled}. It is derived data: rebuilt whenever the labels manifest
 * moved on, e.g. after a crash between an ingestion's commit and the rebuild.
 */
public final class LabelledSetWriter {
  public static final String STAGE = "ingest-labels";
  /** Schema of the accepted-labels files below labels/ (one JSON object per line). */
  public static final StructType LABEL_FILE_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.StringType, false),
      DataTypes.createStructField("labels", DataTypes.createArrayType(DataTypes.StringType, false), false)});

  /** Fixed part of the error for a labels file changed after its ingestion (asserted by tests). */
  public static final String LABEL_FILE_DAMAGED = "labels file truncated or changed since it was ingested";

  private LabelledSetWriter() {}

  static Metadata planned(Workspace ws, LabelManifest m) {
    InputRef labels = new InputRef("labels", ws.labels().dir() + "/" + LabelManifest.fileName(m.version()),
        m.labelledCount(), m.fingerprint());
    return Metadata.create(ArtifactKind.LABELLED_SET, STAGE, null, m.labelledCount(), Map.of(),
        List.of(ws.poolInput(), labels), Map.of("labelNames", ws.labelNames(), "pool", ws.poolPath(),
            "labelsManifestVersion", m.version()));
  }

  /** Whether {@code <ws>/labelled} was built from exactly manifest {@code m}. */
  public static boolean isFresh(Workspace ws, LabelManifest m) {
    if (!ws.store().exists(ws.labelledPath() + "/" + Metadata.FILE_NAME)) return false;
    Metadata existing = ws.store().readMetadata(ws.labelledPath(), ArtifactKind.LABELLED_SET);
    return existing.sameRecipe(planned(ws, m));
  }

  /** Rebuilds the labelled set if it is missing or older than the current manifest; returns its path. */
  public static String ensureFresh(SparkSession spark, Workspace ws) {
    LabelManifest m = ws.labels().current();
    if (!isFresh(ws, m)) write(spark, ws, m);
    return ws.labelledPath();
  }

  static Metadata write(SparkSession spark, Workspace ws, LabelManifest m) {
    return write(spark, ws, m, ws.labelledPath(), planned(ws, m));
  }

  /**
   * Writes the labelled set defined by manifest {@code m} as the artefact {@code out} (the
   * workspace's labelled/ or a round's snapshot), after checking every labels file it lists.
   */
  static Metadata write(SparkSession spark, Workspace ws, LabelManifest m, String out, Metadata metadata) {
    verifyLabelFiles(ws, m);
    Dataset<Row> rows;
    if (m.ingestions().isEmpty()) {
      rows = spark.createDataFrame(List.of(), PoolTable.LABELLED_SCHEMA);
    } else {
      List<String> names = ws.labelNames();
      Dataset<Row> named = readLatestLabels(spark, ws, m);
      Dataset<Row> multiHot = named.select(col("id").as(LabelledColumns.ID),
          transform(array(names.stream().map(functions::lit).toArray(Column[]::new)),
              n -> when(array_contains(col("labels"), n), lit(1f)).otherwise(lit(0f))).as(LabelledColumns.LABELS))
          .orderBy(LabelledColumns.ID);
      rows = spark.createDataFrame(multiHot.javaRDD(), PoolTable.LABELLED_SCHEMA);
    }
    return Tables.write(spark, rows.coalesce(1), out, metadata);
  }

  /**
   * Checks each labels file the manifest lists before anything is built from it: present, one JSON
   * object per line with an id and a labels array, and exactly as many lines as the manifest says
   * the ingestion accepted. A file truncated or edited after its ingestion is named with its line.
   */
  static void verifyLabelFiles(Workspace ws, LabelManifest m) {
    String manifest = ws.labels().path(LabelManifest.fileName(m.version()));
    for (LabelIngestion i : m.ingestions()) {
      String file = ws.labels().path(i.labelsFile());
      String text = ws.files().read(file).orElseThrow(() -> new BadInputException(file, null, null,
          "missing, but listed by " + manifest + " (ingestion #" + i.seq() + ")"));
      long lines = 0;
      int lineNo = 0;
      for (String line : text.split("\n", -1)) {
        lineNo++;
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          n = Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
          throw new BadInputException(file, "line " + lineNo, null, LABEL_FILE_DAMAGED + ": not a JSON object ("
              + e.getOriginalMessage() + ")", e);
        }
        if (n == null || !n.path("id").isTextual() || !n.path("labels").isArray()) {
          throw new BadInputException(file, "line " + lineNo, null, LABEL_FILE_DAMAGED
              + ": expected {\"id\": ..., \"labels\": [...]}");
        }
        lines++;
      }
      if (lines != i.labelsFileRows()) {
        throw new BadInputException(file, null, null, LABEL_FILE_DAMAGED + ": it holds " + lines + " rows but "
            + manifest + " recorded " + i.labelsFileRows() + " for ingestion #" + i.seq());
      }
    }
  }

  /**
   * The labels in force, as (id, labels: array of names), one row per id: the labels of the id's
   * latest ingestion (highest seq), so a correction ingested with {@code --relabel} overrides the
   * earlier labels while the earlier file stays as it was.
   */
  public static Dataset<Row> readLatestLabels(SparkSession spark, Workspace ws, LabelManifest m) {
    List<Row> seqs = m.ingestions().stream().map(i -> RowFactory.create(i.labelsFile(), i.seq())).toList();
    Dataset<Row> seqOfFile = spark.createDataFrame(seqs, new StructType(new StructField[] {
        DataTypes.createStructField("file", DataTypes.StringType, false),
        DataTypes.createStructField("seq", DataTypes.IntegerType, false)}));
    Dataset<Row> rows = readLabelFiles(spark, ws.labels().labelFiles(m))
        .select(col("id"), col("labels"), col("_metadata.file_name").as("file"))
        .join(broadcast(seqOfFile), "file");
    return rows.groupBy("id").agg(max(struct(col("seq"), col("labels"))).as("latest"))
        .select(col("id"), col("latest.labels").as("labels"));
  }

  /** The accepted-labels files as (id, labels: array of names), every ingestion's rows. */
  public static Dataset<Row> readLabelFiles(SparkSession spark, List<String> paths) {
    return spark.read().schema(LABEL_FILE_SCHEMA).option("mode", "FAILFAST").json(paths.toArray(String[]::new));
  }
}
