package org.ascmr.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.Split;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;

/**
 * The pool table (schema in {@link PoolColumns}) and the labelled-set table that says which pool
 * rows a learner may use the labels of ({@link LabelledColumns}).
 */
public final class PoolTable {
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(PoolColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(PoolColumns.SPLIT, DataTypes.StringType, false),
      DataTypes.createStructField(PoolColumns.IMAGE, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(PoolColumns.TEXT, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(PoolColumns.LABELS, DataTypes.createArrayType(DataTypes.FloatType, false), true)});

  public static final StructType LABELLED_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(LabelledColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(LabelledColumns.LABELS, DataTypes.createArrayType(DataTypes.FloatType, false),
          false)});

  private final Tables.Table table;
  private final PoolInfo info;

  private PoolTable(Tables.Table table, PoolInfo info) {
    this.table = table;
    this.info = info;
  }

  public static PoolTable read(SparkSession spark, String dir) {
    Tables.Table t = Tables.read(spark, dir, ArtifactKind.POOL);
    PoolInfo info = t.metadata().detail(PoolInfo.DETAIL_KEY, PoolInfo.class);
    if (info == null) {
      throw new StateException(dir, "pool metadata.json lacks details." + PoolInfo.DETAIL_KEY);
    }
    return new PoolTable(t, info);
  }

  public String path() {
    return table.path();
  }

  public Metadata metadata() {
    return table.metadata();
  }

  public PoolInfo info() {
    return info;
  }

  public Dataset<Row> rows() {
    return table.rows();
  }

  public Dataset<Row> split(Split split) {
    return rows().where(col(PoolColumns.SPLIT).equalTo(lit(split.id())));
  }

  /**
   * The labelled set: the table at {@code labelledPath}, or when null every train row whose
   * ground truth has at least one label (the fully supervised default).
   */
  public Dataset<Row> labelled(SparkSession spark, String labelledPath) {
    if (labelledPath == null) {
      return split(Split.TRAIN)
          .where(col(PoolColumns.LABELS).isNotNull()
              .and(exists(col(PoolColumns.LABELS), x -> x.gt(lit(0f)))))
          .select(col(PoolColumns.ID).as(LabelledColumns.ID), col(PoolColumns.LABELS).as(LabelledColumns.LABELS));
    }
    return readLabelled(spark, labelledPath);
  }

  /** Reads a labelled-set table and checks its label vectors have this pool's label count. */
  public Dataset<Row> readLabelled(SparkSession spark, String labelledPath) {
    Tables.Table t = Tables.read(spark, labelledPath, ArtifactKind.LABELLED_SET);
    List<String> names = t.metadata().detail("labelNames", List.class);
    if (names != null && !names.equals(info.labelNames())) {
      throw new BadInputException(labelledPath + "/" + Metadata.FILE_NAME, null, "details.labelNames",
          "label names " + names + " differ from the pool's " + info.labelNames());
    }
    return t.rows();
  }

  /** Labelled-set metadata details that let a reader check it matches its pool. */
  public java.util.Map<String, Object> labelledDetails() {
    return java.util.Map.of("labelNames", info.labelNames(), "pool", table.path());
  }
}
