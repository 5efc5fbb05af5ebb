package org.ascmr.jobs.workspace;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.LabelledColumns;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.workspace.LabelManifest;

/**
 * Materialises the workspace's labelled set, the union of every ingested labels file, as the
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
    Dataset<Row> rows;
    if (m.ingestions().isEmpty()) {
      rows = spark.createDataFrame(List.of(), PoolTable.LABELLED_SCHEMA);
    } else {
      List<String> names = ws.labelNames();
      Dataset<Row> named = readLabelFiles(spark, ws.labels().labelFiles(m));
      Dataset<Row> multiHot = named.select(col("id").as(LabelledColumns.ID),
          transform(array(names.stream().map(functions::lit).toArray(Column[]::new)),
              n -> when(array_contains(col("labels"), n), lit(1f)).otherwise(lit(0f))).as(LabelledColumns.LABELS))
          .orderBy(LabelledColumns.ID);
      rows = spark.createDataFrame(multiHot.javaRDD(), PoolTable.LABELLED_SCHEMA);
    }
    return Tables.write(spark, rows.coalesce(1), ws.labelledPath(), planned(ws, m));
  }

  /** The accepted-labels files as (id, labels: array of names). */
  public static Dataset<Row> readLabelFiles(SparkSession spark, List<String> paths) {
    return spark.read().schema(LABEL_FILE_SCHEMA).option("mode", "FAILFAST").json(paths.toArray(String[]::new));
  }
}
