package org.ascmr.jobs.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.jobs.evaluate.PairEmbedder;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;

/**
 * A trained retrieval model as a {@link PairEmbedder}, so {@code ascmr evaluate} scores it with
 * the same code as CCA: the model directory is read and checked against the pool once, broadcast,
 * and applied partition by partition.
 */
public final class ModelPairEmbedder implements PairEmbedder {
  private final ModelArtifact.Loaded model;
  private final String poolPath;
  private Broadcast<byte[]> broadcast;

  private ModelPairEmbedder(ModelArtifact.Loaded model, String poolPath) {
    this.model = model;
    this.poolPath = poolPath;
  }

  /** Reads the model at {@code modelDir} and checks it fits {@code pool} (sizes and label names). */
  public static ModelPairEmbedder load(SparkSession spark, PoolTable pool, String modelDir) {
    ModelArtifact.Loaded m = ModelArtifact.read(Tables.store(spark), modelDir);
    m.spec().checkCompatible(pool.path(), "pool", pool.info().imageDim(), pool.info().textDim(),
        pool.info().labelNames(), pool.info().imageEncoder(), pool.info().textEncoder());
    return new ModelPairEmbedder(m, pool.path());
  }

  @Override
  public String method() {
    return "model";
  }

  @Override
  public synchronized Dataset<Row> embed(Dataset<Row> poolRows) {
    if (broadcast == null) {
      broadcast = JavaSparkContext.fromSparkContext(poolRows.sparkSession().sparkContext()).broadcast(model.bytes());
    }
    return ModelEmbedder.embed(poolRows, broadcast, "eval:" + model.metadata().fingerprint(), poolPath, true)
        .select(PoolColumns.ID, PoolColumns.SPLIT, PoolColumns.LABELS, EmbeddingColumns.FV, EmbeddingColumns.FT);
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("path", model.path());
    d.putAll(ModelArtifact.details(model.spec()));
    Object training = model.metadata().details().get("training");
    if (training != null) d.put("training", training);
    return d;
  }
}
