package org.ascmr.jobs.score;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Split;
import org.ascmr.error.BadInputException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;

/**
 * The features the estimator sees for every train-split pair (U and L): the current retrieval
 * model's f_v, f_t from an embeddings table, or the pool's raw image/text vectors in round 0.
 * Rows come as (id, xv, xt); {@link #imageDim}/{@link #textDim} are what every row must have.
 *
 * @param rows     id, xv array&lt;float&gt;, xt array&lt;float&gt; for the train split of the pool
 * @param path     the table the vectors come from (pool or embeddings), for error messages
 * @param imageField column the image vector was read from, for error messages
 * @param textField  column the text vector was read from
 * @param input    the embeddings input of the output's metadata, or null for raw features
 */
record FeatureSource(Dataset<Row> rows, String path, String imageField, String textField, int imageDim,
    int textDim, InputRef input) {
  static final String ID = "id";
  static final String XV = "xv";
  static final String XT = "xt";

  /** The pool's own image/text vectors, dimensions from its metadata. */
  static FeatureSource raw(PoolTable pool) {
    Dataset<Row> rows = pool.split(Split.TRAIN).select(col(PoolColumns.ID).as(ID), col(PoolColumns.IMAGE).as(XV),
        col(PoolColumns.TEXT).as(XT));
    return new FeatureSource(rows, pool.path(), PoolColumns.IMAGE, PoolColumns.TEXT, pool.info().imageDim(),
        pool.info().textDim(), null);
  }

  /**
   * The embeddings table's f_v, f_t for the pool's train ids (a left join, so a pool id without
   * an embedding reaches the scorer as nulls and is reported with its id). Dimensions are those
   * of the table's first train row; every row is checked against them.
   */
  static FeatureSource embeddings(SparkSession spark, PoolTable pool, String embeddingsPath) {
    Tables.Table emb = Tables.read(spark, embeddingsPath, ArtifactKind.EMBEDDINGS);
    List<String> columns = List.of(emb.rows().columns());
    for (String c : List.of(EmbeddingColumns.ID, EmbeddingColumns.FV, EmbeddingColumns.FT)) {
      if (!columns.contains(c)) {
        throw new BadInputException(embeddingsPath, null, c, "column missing; the table has " + columns);
      }
    }
    Dataset<Row> vectors = emb.rows().select(col(EmbeddingColumns.ID).as(ID), col(EmbeddingColumns.FV).as(XV),
        col(EmbeddingColumns.FT).as(XT));
    Dataset<Row> ids = pool.split(Split.TRAIN).select(col(PoolColumns.ID).as(ID));
    Dataset<Row> rows = ids.join(vectors, ids.col(ID).equalTo(vectors.col(ID)), "left")
        .select(ids.col(ID), vectors.col(XV), vectors.col(XT));
    List<Row> firsts = vectors.where(col(XV).isNotNull().and(col(XT).isNotNull())).select(XV, XT).limit(1)
        .collectAsList();
    if (firsts.isEmpty()) {
      throw new BadInputException(embeddingsPath, null, EmbeddingColumns.FV, "the table has no row with vectors");
    }
    Row first = firsts.get(0);
    int dv = first.getList(0).size();
    int dt = first.getList(1).size();
    InputRef ref = new InputRef("embeddings", Tables.store(spark).qualify(embeddingsPath), emb.metadata().rows(),
        emb.metadata().fingerprint());
    return new FeatureSource(rows, embeddingsPath, EmbeddingColumns.FV, EmbeddingColumns.FT, dv, dt, ref);
  }
}
