package org.ascmr.jobs.experiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Split;
import org.ascmr.experiment.ExperimentConfig;
import org.ascmr.io.ArtifactKind;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.train.EmbedJob;

/**
 * What a strategy knows in one round: the pool, the labelled set L, the model trained on it, and
 * a directory of its own for intermediate artefacts. The model's embeddings are computed once per
 * round on first use and shared by the strategy and the round's statistics.
 */
public final class RoundContext {
  static final String LABELLED_ID = "labelled_id";
  private final SparkSession spark;
  private final ConfigSource config;
  private final ExperimentConfig experiment;
  private final PoolTable pool;
  private final String labelledPath;
  private final String modelDir;
  private final String roundDir;
  private final long seed;
  private final int round;
  private final int budget;
  private final int partitions;
  private String embeddingsPath;
  private double embedSeconds;

  public RoundContext(SparkSession spark, ConfigSource config, ExperimentConfig experiment, PoolTable pool,
      String labelledPath, String modelDir, String roundDir, long seed, int round, int budget, int partitions) {
    this.spark = spark;
    this.config = config;
    this.experiment = experiment;
    this.pool = pool;
    this.labelledPath = labelledPath;
    this.modelDir = modelDir;
    this.roundDir = roundDir;
    this.seed = seed;
    this.round = round;
    this.budget = budget;
    this.partitions = partitions;
  }

  public SparkSession spark() {
    return spark;
  }

  public ConfigSource config() {
    return config;
  }

  public ExperimentConfig experiment() {
    return experiment;
  }

  public PoolTable pool() {
    return pool;
  }

  public String labelledPath() {
    return labelledPath;
  }

  public String modelDir() {
    return modelDir;
  }

  public String roundDir() {
    return roundDir;
  }

  public long seed() {
    return seed;
  }

  public int round() {
    return round;
  }

  public int budget() {
    return budget;
  }

  public int partitions() {
    return partitions;
  }

  /** A seed for this round's random draws: differs per (experiment seed, round). */
  public long roundSeed() {
    return seed * 1_000_003L + round;
  }

  /** Ids of the labelled set L, in a column named {@value #LABELLED_ID} (so joins never alias the pool's id). */
  public Dataset<Row> labelledIds() {
    return Tables.read(spark, labelledPath, ArtifactKind.LABELLED_SET).rows()
        .select(col(LabelledColumns.ID).as(LABELLED_ID));
  }

  /** Train rows of {@code rows} (with id, and split when {@code hasSplit}) that are not in L. */
  public Dataset<Row> unlabelled(Dataset<Row> rows, boolean hasSplit) {
    Dataset<Row> train = hasSplit ? rows.where(col(PoolColumns.SPLIT).equalTo(lit(Split.TRAIN.id()))) : rows;
    return train.join(labelledIds(), train.col(PoolColumns.ID).equalTo(col(LABELLED_ID)), "left_anti");
  }

  /** The unlabelled pool U (pool schema). */
  public Dataset<Row> unlabelledPool() {
    return unlabelled(pool.rows(), true);
  }

  /** Path of this round's embeddings table (EmbeddingColumns), computed on first call. */
  public synchronized String embeddings() {
    if (embeddingsPath == null) {
      long start = System.nanoTime();
      String out = roundDir + "/embeddings";
      EmbedJob.run(spark, partitions, new EmbedJob.Request(pool.path(), modelDir, out, false));
      embeddingsPath = out;
      embedSeconds = (System.nanoTime() - start) / 1e9;
    }
    return embeddingsPath;
  }

  /** Whether this round's embeddings table was already computed (by the strategy). */
  public synchronized boolean hasEmbeddings() {
    return embeddingsPath != null;
  }

  /** Seconds spent computing embeddings in this round (0 if none were needed). */
  public double embedSeconds() {
    return embedSeconds;
  }

  /** Embeddings of U. */
  public Dataset<Row> unlabelledEmbeddings() {
    Dataset<Row> e = Tables.read(spark, embeddings(), ArtifactKind.EMBEDDINGS).rows();
    return unlabelled(e, true).select(EmbeddingColumns.ID, EmbeddingColumns.FV, EmbeddingColumns.FT,
        EmbeddingColumns.LOGITS_V, EmbeddingColumns.LOGITS_T);
  }

  /** Embeddings of L (train rows in the labelled set). */
  public Dataset<Row> labelledEmbeddings() {
    Dataset<Row> e = Tables.read(spark, embeddings(), ArtifactKind.EMBEDDINGS).rows();
    return e.join(labelledIds(), e.col(EmbeddingColumns.ID).equalTo(col(LABELLED_ID)), "left_semi");
  }
}
