package org.ascmr.jobs.extract;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.ascmr.config.Setting;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.PairsBundle;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.Reject;
import org.ascmr.data.Split;
import org.ascmr.features.ExtractConfig;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.InputDigest;
import org.ascmr.jobs.io.PoolSummary;
import org.ascmr.jobs.io.RejectsFile;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr extract}: a raw-pairs bundle (README "Pool table" / {@link PairsBundle}) into a
 * pool artefact. Lines are numbered before anything else (textFile + zipWithIndex), parsed and
 * their images decoded on executors, duplicates found by id, text features fitted on the train
 * split, and the rows written sorted by id, so the output does not depend on the partition count.
 */
public final class ExtractJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExtractJob.class);
  public static final String STAGE = "extract";
  /** Key under which the bad-row policy is recorded in the metadata's config map. */
  public static final String POLICY_KEY = "extract.onBadRow";

  /** What a run did: the metadata of the pool at {@code out}, and whether it was already up to date. */
  public record Result(String out, Metadata metadata, boolean upToDate) {}

  private ExtractJob() {}

  /**
   * Extracts the bundle at {@code pairsDir} into the pool {@code out}.
   *
   * @param partitions partitions for reading and decoding (the output does not depend on it)
   */
  public static Result run(SparkSession spark, String pairsDir, String out, ExtractConfig config,
      BadRowPolicy policy, boolean overwrite, int partitions) {
    ArtifactStore store = Tables.store(spark);
    String bundle = store.qualify(pairsDir);
    String pairsFile = bundle + "/" + PairsBundle.PAIRS_FILE;
    String labelsFile = bundle + "/" + PairsBundle.LABELS_FILE;
    // The fingerprint covers pairs.jsonl and labels.txt only: images are assumed immutable (a
    // changed image must come with a changed path or id). Hashing every image would cost a full
    // read of the pool on every rerun check.
    InputDigest pairsDigest = InputDigest.of(store, pairsFile);
    InputDigest labelsDigest = InputDigest.of(store, labelsFile);
    List<String> labelNames = PairsBundle.parseLabels(store.readString(labelsFile), labelsFile);

    Map<String, String> settings = recordedSettings(config, policy);
    List<InputRef> inputs = List.of(pairsDigest.ref("pairs", pairsDigest.lines()),
        labelsDigest.ref("labels", labelNames.size()));
    Metadata planned = Metadata.create(ArtifactKind.POOL, STAGE, null, 0, settings, inputs, Map.of());
    String target = store.qualify(out);
    if (store.plan(target, planned, overwrite) == ArtifactStore.Decision.UP_TO_DATE) {
      LOG.info("{} is up to date (same settings and inputs); nothing to do", target);
      return new Result(target, store.readMetadata(target, ArtifactKind.POOL), true);
    }

    try (StageScope scope = StageScope.open(spark, STAGE, "decode " + pairsFile)) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<SerializableConfiguration> hadoop =
          jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
      try {
        // Loaded on the driver first: a missing or corrupt model fails here, before any Spark job,
        // and its name/version/checksum go into the pool metadata. In local mode the executors'
        // tasks reuse this instance (ExecutorEncoders keeps one per JVM).
        Encoding encoding = Encoding.load(config, spark.sparkContext().hadoopConfiguration());
        step(scope, "encoders: " + encoding.describe());
        JavaPairRDD<String, Long> lines = jsc.textFile(pairsFile, Math.max(1, partitions)).zipWithIndex();
        if (policy == BadRowPolicy.FAIL) {
          // Fail fast: every line parsed and validated (JSON, fields, split, labels, repeated ids)
          // before any image is decoded, so a syntax error on line 5 stops the run in seconds.
          step(scope, "parse and validate every line of " + pairsFile);
          Dataset<Row> checked = spark.createDataFrame(
              lines.mapPartitions(new PairDecoder(pairsFile, bundle, labelNames, config, hadoop, false)),
              PairDecoder.SCHEMA);
          Dataset<Row> bad = checked.where(col(PairDecoder.REASON).isNotNull())
              .select(PairDecoder.LINE, PairDecoder.ID, PairDecoder.FIELD, PairDecoder.REASON)
              .unionByName(duplicates(checked.where(col(PairDecoder.REASON).isNull())));
          List<Row> first = bad.orderBy(PairDecoder.LINE).limit(1).collectAsList();
          if (!first.isEmpty()) {
            LOG.error("bad lines in {} found before decoding images; reporting the first (use --on-bad-row skip to set"
                + " them aside)", pairsFile);
            throw reject(first.get(0), pairsFile).toException();
          }
        }
        JavaRDD<Row> decoded = lines.mapPartitions(new PairDecoder(pairsFile, bundle, labelNames, config, hadoop));
        Dataset<Row> parsed = spark.createDataFrame(decoded, PairDecoder.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        try {
          return markDuplicates(spark, store, scope, parsed, pairsFile, bundle, target, planned, labelNames, encoding,
              config, policy, pairsDigest.lines());
        } finally {
          parsed.unpersist();
        }
      } catch (RuntimeException | Error e) {
        scope.failed(e);
        throw e;
      } finally {
        hadoop.destroy();
      }
    }
  }

  /** Rows repeating an id of a lower line (of rows that parsed), as rejects (line, id, field, reason). */
  private static Dataset<Row> duplicates(Dataset<Row> ok) {
    WindowSpec byId = Window.partitionBy(PairDecoder.ID).orderBy(PairDecoder.LINE);
    return ok.withColumn("_n", row_number().over(byId)).withColumn("_first", first(PairDecoder.LINE).over(byId))
        .where(col("_n").gt(1))
        .select(col(PairDecoder.LINE), col(PairDecoder.ID), lit(PairsBundle.FIELD_ID).as(PairDecoder.FIELD),
            concat(lit(PairsBundle.DUPLICATE_ID + " '"), col(PairDecoder.ID), lit("', first on line "),
                col("_first").cast("string")).as(PairDecoder.REASON));
  }

  private static Result markDuplicates(SparkSession spark, ArtifactStore store, StageScope scope, Dataset<Row> parsed,
      String pairsFile, String bundle, String target, Metadata planned, List<String> labelNames,
      Encoding encoding, ExtractConfig config, BadRowPolicy policy, long lineCount) {
    // A repeated id: the first good occurrence (lowest line) keeps it, later ones are rejected.
    // One shuffle by id marks them; the marked rows are kept for the passes that follow.
    WindowSpec byId = Window.partitionBy(PairDecoder.ID).orderBy(PairDecoder.LINE);
    Dataset<Row> marked = parsed.where(col(PairDecoder.REASON).isNull())
        .withColumn("_n", row_number().over(byId))
        .withColumn("_first", first(PairDecoder.LINE).over(byId))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> duplicates = marked.where(col("_n").gt(1))
          .select(col(PairDecoder.LINE), col(PairDecoder.ID), lit(PairsBundle.FIELD_ID).as(PairDecoder.FIELD),
              concat(lit(PairsBundle.DUPLICATE_ID + " '"), col(PairDecoder.ID), lit("', first on line "),
                  col("_first").cast("string")).as(PairDecoder.REASON));
      Dataset<Row> rejects = parsed.where(col(PairDecoder.REASON).isNotNull())
          .select(PairDecoder.LINE, PairDecoder.ID, PairDecoder.FIELD, PairDecoder.REASON)
          .unionByName(duplicates);
      Dataset<Row> good = marked.where(col("_n").equalTo(1)).drop("_n", "_first");
      return checkFeatureWrite(spark, store, scope, good, rejects, pairsFile, bundle, target, planned, labelNames, encoding,
          config, policy, lineCount);
    } finally {
      marked.unpersist();
    }
  }

  /** Applies the bad-row policy, fits the text features on train, writes pool and rejects. */
  private static Result checkFeatureWrite(SparkSession spark, ArtifactStore store, StageScope scope, Dataset<Row> good,
      Dataset<Row> rejects, String pairsFile, String bundle, String target, Metadata planned, List<String> labelNames,
      Encoding encoding, ExtractConfig config, BadRowPolicy policy, long lineCount) {
    step(scope, "check rows");
    long rejectCount = rejects.count();
    if (rejectCount > 0 && policy == BadRowPolicy.FAIL) {
      // The lowest line number, whatever the partitioning: the same error on every run.
      Row firstBad = rejects.orderBy(PairDecoder.LINE).first();
      LOG.error("{} bad rows in {}; reporting the first (use --on-bad-row skip to set them aside)", rejectCount,
          pairsFile);
      throw reject(firstBad, pairsFile).toException();
    }

    Map<String, Long> splitCounts = new TreeMap<>();
    Map<String, Long> labelledCounts = new TreeMap<>();
    for (Row r : good.groupBy(PairDecoder.SPLIT)
        .agg(count(lit(1)).as("n"), sum(when(col(PairDecoder.LABELS).isNotNull(), 1L).otherwise(0L)).as("l"))
        .collectAsList()) {
      splitCounts.put(r.getString(0), r.getLong(1));
      labelledCounts.put(r.getString(0), r.getLong(2));
    }

    Dataset<Row> withText;
    List<String> vocabulary;
    int textDim;
    String textSpec;
    if (encoding.text() != null) {
      // The text encoder ran with the images on the executors; nothing is fitted.
      withText = good.withColumn(PairDecoder.TEXT, col(PairDecoder.TEXT_VECTOR));
      vocabulary = List.of();
      textDim = encoding.text().dim();
      textSpec = encoding.text().describe();
    } else {
      step(scope, "fit text features on the train split");
      TextFeatures text = TextFeatures.fit(good.where(col(PairDecoder.SPLIT).equalTo(Split.TRAIN.id())),
          PairDecoder.TEXT, config, pairsFile);
      withText = text.transform(good, PairDecoder.TEXT);
      vocabulary = text.vocabulary();
      textDim = vocabulary.size();
      textSpec = config.textFeaturesSpec();
    }
    Dataset<Row> pool = withText
        .select(col(PairDecoder.ID).as(PoolColumns.ID), col(PairDecoder.SPLIT).as(PoolColumns.SPLIT),
            col(PairDecoder.IMAGE).as(PoolColumns.IMAGE), col(PairDecoder.TEXT).as(PoolColumns.TEXT),
            col(PairDecoder.LABELS).as(PoolColumns.LABELS))
        .orderBy(PoolColumns.ID);

    PoolInfo info = new PoolInfo(bundle, encoding.image().dim(), textDim, encoding.imageSpec(config), textSpec,
        labelNames, vocabulary, splitCounts, List.of(
            "split missing -> train; labels missing or empty -> null (unlabelled)",
            "images are assumed immutable: the input fingerprint covers pairs.jsonl and labels.txt only"),
        encoding.recordedImage(), encoding.text());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(PoolInfo.DETAIL_KEY, info);
    details.put(PoolSummary.LABELLED_COUNTS, labelledCounts);
    details.put(PoolSummary.REJECTS, rejectCount);
    details.put(PoolSummary.INPUT_LINES, lineCount);

    step(scope, "write " + target);
    Metadata[] written = new Metadata[1];
    store.commit(target, dir -> {
      Tables.writeData(spark, pool, dir);
      long rows = spark.read().parquet(dir + "/" + Tables.DATA_DIR).count();
      Iterator<Row> bad = rejects.orderBy(PairDecoder.LINE).toLocalIterator();
      RejectsFile.write(store, dir, new Iterator<>() {
        @Override
        public boolean hasNext() {
          return bad.hasNext();
        }

        @Override
        public Reject next() {
          return reject(bad.next(), pairsFile);
        }
      });
      written[0] = planned.withRows(rows).withDetails(details);
      return written[0];
    });
    if (rejectCount > 0) {
      LOG.warn("{} bad rows of {} set aside in {}/{}", rejectCount, pairsFile, target, Reject.FILE_NAME);
    }
    return new Result(target, written[0], false);
  }

  /** Names the next Spark jobs and logs how far the stage is, so slow steps show in the log. */
  private static void step(StageScope scope, String what) {
    LOG.info("extract: {} (at {} s)", what, String.format("%.1f", scope.elapsedSeconds()));
    scope.step(what);
  }

  private static Reject reject(Row r, String pairsFile) {
    return new Reject(pairsFile, r.getLong(0), r.isNullAt(1) ? null : r.getString(1),
        r.isNullAt(2) ? null : r.getString(2), r.getString(3));
  }

  /** The settings recorded in metadata (and hashed for reruns): extract.* plus the bad-row policy. */
  static Map<String, String> recordedSettings(ExtractConfig config, BadRowPolicy policy) {
    Map<String, String> m = new TreeMap<>(config.effective());
    m.put(POLICY_KEY, Setting.enumName(policy));
    return m;
  }
}
