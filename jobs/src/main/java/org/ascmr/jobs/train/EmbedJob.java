package org.ascmr.jobs.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr embed}: the retrieval model's features f_v, f_t and cosine logits for every pool
 * row ({@link EmbeddingColumns}), partition by partition with the model broadcast. The scoring
 * stage and the baselines read this table.
 */
public final class EmbedJob {
  private static final Logger LOG = LoggerFactory.getLogger(EmbedJob.class);
  public static final String STAGE = "embed";

  /** Metadata details of an embeddings table (details.embeddings). */
  public static final String DETAIL_KEY = "embeddings";

  public record Request(String pool, String model, String out, boolean overwrite) {}

  /** Rows written (or found up to date). */
  public record Outcome(String out, boolean upToDate, long rows) {}

  private EmbedJob() {}

  public static Outcome run(SparkSession spark, int partitions, Request req) {
    ArtifactStore store = Tables.store(spark);
    ModelArtifact.Loaded model = ModelArtifact.read(store, req.model());
    PoolTable pool = PoolTable.read(spark, req.pool());
    model.spec().checkCompatible(req.pool(), "pool", pool.info().imageDim(), pool.info().textDim(),
        pool.info().labelNames(), pool.info().imageEncoder(), pool.info().textEncoder());
    Map<String, Object> details = new LinkedHashMap<>();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("embedDim", model.spec().config().embedDim());
    d.put("labelNames", model.spec().labelNames());
    d.put("model", req.model());
    d.put("pool", req.pool());
    details.put(DETAIL_KEY, d);
    Metadata planned = Metadata.create(ArtifactKind.EMBEDDINGS, STAGE, null, 0, Map.of(),
        List.of(new InputRef("pool", req.pool(), pool.metadata().rows(), pool.metadata().fingerprint()),
            new InputRef("model", req.model(), model.metadata().rows(), model.metadata().fingerprint())),
        details);
    if (store.plan(req.out(), planned, req.overwrite()) == ArtifactStore.Decision.UP_TO_DATE) {
      LOG.info("{} is up to date (same model and pool); nothing to do", req.out());
      return new Outcome(req.out(), true, store.readMetadata(req.out(), ArtifactKind.EMBEDDINGS).rows());
    }
    try (StageScope s = StageScope.open(spark, STAGE, "features of " + req.pool() + " by " + req.model())) {
      Broadcast<byte[]> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model.bytes());
      try {
        Dataset<Row> rows = pool.rows();
        if (partitions > 0 && rows.rdd().getNumPartitions() < partitions) rows = rows.repartition(partitions);
        Dataset<Row> embedded = ModelEmbedder.embed(rows, b, "embed:" + model.metadata().fingerprint(), req.pool(),
            false);
        Metadata written = Tables.write(spark, embedded, req.out(), planned);
        LOG.info("{} rows embedded into {}", written.rows(), req.out());
        return new Outcome(req.out(), false, written.rows());
      } finally {
        b.destroy();
      }
    }
  }
}
