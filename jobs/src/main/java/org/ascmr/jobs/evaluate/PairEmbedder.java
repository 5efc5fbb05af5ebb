package org.ascmr.jobs.evaluate;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolColumns;

/**
 * Something that maps pool rows into a common image-text space, so that {@link RetrievalEvaluation}
 * can score it: linear CCA ({@link CcaEmbedder}) today, a trained retrieval model tomorrow (an
 * implementation that loads the model directory, broadcasts it and maps partitions the same way).
 */
public interface PairEmbedder {
  /** Output rows: the pool's id, split and ground-truth labels passed through, plus the two vectors. */
  StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(PoolColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(PoolColumns.SPLIT, DataTypes.StringType, false),
      DataTypes.createStructField(PoolColumns.LABELS, DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(EmbeddingColumns.FV, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(EmbeddingColumns.FT, DataTypes.createArrayType(DataTypes.FloatType, false), false)});

  /** The method's name in outputs, e.g. "cca". */
  String method();

  /** Maps rows with the pool columns ({@link PoolColumns}) to rows of {@link #SCHEMA}. */
  Dataset<Row> embed(Dataset<Row> poolRows);

  /** What was fitted or loaded (settings, choices made on val), for the evaluation's output. */
  Map<String, Object> describe();
}
