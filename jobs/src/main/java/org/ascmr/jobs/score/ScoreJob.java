package org.ascmr.jobs.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.ScoreColumns;
import org.ascmr.data.Split;
import org.ascmr.error.BadInputException;
import org.ascmr.error.ConfigException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;
import org.ascmr.pmie.PmieEnsemble;
import org.ascmr.pmie.PmieModel;
import org.ascmr.pmie.PmieScorer;
import org.ascmr.pmie.PmieTrainer;
import org.ascmr.pmie.ScoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr score}: trains (or loads) the probabilistic informativeness estimator and scores
 * every unlabelled train pair of the pool (method.md §4, §5).
 * <ol>
 *   <li>Features: the embeddings table's f_v, f_t, or the pool's raw vectors
 *       ({@code score.useRawFeatures}), for all train pairs (U and L).</li>
 *   <li>Estimator: loaded from {@code --model}, or trained ON THE DRIVER on a seeded sample of at
 *       most {@code score.sampleCap} pairs collected there (pairs only, no labels).</li>
 *   <li>Scores: every pair of U in a {@code mapPartitions} with the estimator broadcast.</li>
 *   <li>Rank normalisation of u_inter, u_v, u_t over U with a distributed sort
 *       ({@link PercentRanks}); I = r(u_inter) + betaIntra (r(u_v) + r(u_t)).</li>
 *   <li>Output: a SCORES artefact with {@code data/} (one row per unlabelled id),
 *       {@code labelled/} (fused vectors of L for the density stage) and {@code model/} (the
 *       estimator, an INFORMATIVENESS_MODEL artefact that {@code --model} can load).</li>
 * </ol>
 */
public final class ScoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);
  public static final String STAGE = "score";
  private static final String R_INTER = "_r_inter";
  private static final String R_V = "_r_v";
  private static final String R_T = "_r_t";

  private ScoreJob() {}

  /**
   * What to score. {@code embeddings} null means raw pool features (then
   * {@code score.useRawFeatures} must be true); {@code labelled} null means the pool's default
   * labelled set; {@code model} null means train a new estimator; {@code partitions} is the
   * number of partitions to score in.
   */
  public record Request(String pool, String embeddings, String labelled, String model, String out, int partitions,
      boolean overwrite) {}

  /** What a run did. */
  public record Summary(boolean upToDate, String out, long unlabelled, long labelled, PmieTrainer.Result training,
      double scoreSeconds, double pairsPerSecond, Metadata metadata) {}

  public static Summary run(SparkSession spark, ConfigSource config, Request req) {
    ScoreConfig cfg = ScoreConfig.from(config);
    checkFeatureChoice(cfg, req);
    ArtifactStore store = Tables.store(spark);
    PoolTable pool = PoolTable.read(spark, req.pool());
    FeatureSource features = req.embeddings() == null ? FeatureSource.raw(pool)
        : FeatureSource.embeddings(spark, pool, req.embeddings());
    Dataset<Row> labelledIds = pool.labelled(spark, req.labelled()).select(col(LabelledColumns.ID).as(FeatureSource.ID));

    EstimatorStore.Loaded loaded = req.model() == null ? null : EstimatorStore.read(store, req.model());
    if (loaded != null) {
      EstimatorStore.checkDims(req.model(), loaded.model().dims(), features.imageDim(), features.textDim());
    }
    List<InputRef> inputs = inputs(spark, store, pool, features, req, loaded);
    Map<String, String> settings = config.effective(ScoreConfig.SETTINGS);
    Metadata planned = Metadata.create(ArtifactKind.SCORES, STAGE, cfg.seed(), 0, settings, inputs, Map.of());
    if (store.plan(req.out(), planned, req.overwrite()) == ArtifactStore.Decision.UP_TO_DATE) {
      LOG.info("{} is up to date (same settings and inputs); nothing to do", req.out());
      return new Summary(true, req.out(), 0, 0, null, 0, 0, store.readMetadata(req.out(), ArtifactKind.SCORES));
    }

    try (StageScope scope = StageScope.open(spark, STAGE, "informativeness of the unlabelled pairs")) {
      PmieTrainer.Result training = null;
      PmieModel model;
      List<PmieModel> members = new ArrayList<>();
      List<PmieTrainer.Result> trainings = new ArrayList<>();
      if (loaded != null) {
        model = loaded.model();
        members.add(model);
        LOG.info("estimator loaded from {}", req.model());
      } else {
        scope.step("collect the training sample to the driver");
        PmieTrainer.Pairs sample = TrainingSample.collect(features, cfg.seed(), cfg.sampleCap());
        LOG.info("training the estimator ON THE DRIVER on {} pairs of U and L (seeded sample, {} = {})",
            sample.size(), ScoreConfig.SAMPLE_CAP.key(), cfg.sampleCap());
        for (int m = 0; m < cfg.ensemble(); m++) {
          scope.step(cfg.ensemble() == 1 ? "train the estimator on the driver"
              : "train estimator " + (m + 1) + " of " + cfg.ensemble() + " on the driver");
          PmieTrainer.Result r = PmieTrainer.train(sample, features.imageDim(), features.textDim(), cfg.member(m),
              features.path(), LOG::info);
          if (m == 0) training = r;
          trainings.add(r);
          members.add(r.model());
        }
        model = training.model();
      }

      List<PmieScorer> scorers = new ArrayList<>();
      for (int m = 0; m < members.size(); m++) {
        scorers.add(new PmieScorer(members.get(m), cfg.samples(), cfg.closedForm(), cfg.member(m).seed()));
      }
      Broadcast<PmieEnsemble> shared = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(new PmieEnsemble(scorers));
      Dataset<Row> unlabelledRows = features.rows()
          .join(labelledIds, features.rows().col(FeatureSource.ID).equalTo(labelledIds.col(FeatureSource.ID)),
              "left_anti")
          .repartition(req.partitions());
      Dataset<Row> labelledRows = features.rows()
          .join(labelledIds, features.rows().col(FeatureSource.ID).equalTo(labelledIds.col(FeatureSource.ID)),
              "left_semi")
          .repartition(req.partitions());

      scope.step("score the unlabelled pairs");
      long t0 = System.nanoTime();
      Dataset<Row> scored = new PartitionScorer(shared, PartitionScorer.Mode.SCORE, cfg.scoreBatch(), features)
          .scoreAll(unlabelledRows).persist(StorageLevel.MEMORY_AND_DISK());
      long unlabelled = scored.count();
      double scoreSeconds = (System.nanoTime() - t0) / 1e9;
      double rate = unlabelled / Math.max(scoreSeconds, 1e-9);
      LOG.info(String.format("scored %,d unlabelled pairs in %.1f s (%,.0f pairs/s, %s)", unlabelled, scoreSeconds,
          rate, cfg.closedForm() ? "closed form" : cfg.samples() + " x " + cfg.samples() + " samples"));
      Dataset<Row> trainIds = pool.split(Split.TRAIN).select(col(PoolColumns.ID).as(FeatureSource.ID)).distinct();
      long expected = trainIds.join(labelledIds, trainIds.col(FeatureSource.ID).equalTo(
          labelledIds.col(FeatureSource.ID)), "left_anti").count();
      if (unlabelled != expected) {
        throw new BadInputException(features.path(), null, FeatureSource.ID, "gave " + unlabelled
            + " rows for the pool's " + expected + " unlabelled train ids: an id appears more than once");
      }

      scope.step("rank-normalise the scores over U");
      List<JavaRDD<?>> caches = new ArrayList<>();
      Dataset<Row> rInter = PercentRanks.of(spark, scored, ScoreColumns.ID, ScoreColumns.U_INTER, R_INTER, caches);
      Dataset<Row> rV = PercentRanks.of(spark, scored, ScoreColumns.ID, ScoreColumns.U_V, R_V, caches);
      Dataset<Row> rT = PercentRanks.of(spark, scored, ScoreColumns.ID, ScoreColumns.U_T, R_T, caches);
      Dataset<Row> output = scored.join(rInter, ScoreColumns.ID).join(rV, ScoreColumns.ID).join(rT, ScoreColumns.ID)
          .select(col(ScoreColumns.ID),
              col(R_INTER).plus(lit(cfg.betaIntra()).multiply(col(R_V).plus(col(R_T)))).as(ScoreColumns.INFORMATIVENESS),
              col(ScoreColumns.U_INTER), col(ScoreColumns.U_V), col(ScoreColumns.U_T), col(ScoreColumns.MU),
              col(ScoreColumns.SIGMA), col(ScoreColumns.U));
      Dataset<Row> fused = new PartitionScorer(shared, PartitionScorer.Mode.FUSE, cfg.scoreBatch(), features)
          .scoreAll(labelledRows);

      scope.step("write " + req.out());
      Metadata modelMetadata = modelMetadata(cfg, settings, inputs, model, training, loaded, req);
      Map<String, Object> details = new LinkedHashMap<>();
      long[] labelledCount = new long[1];
      PmieTrainer.Result trained = training;
      Metadata[] written = new Metadata[1];
      store.commit(req.out(), dir -> {
        Tables.writeData(spark, output, dir);
        fused.write().parquet(dir + "/" + ScoreColumns.LABELLED_DIR);
        labelledCount[0] = spark.read().parquet(dir + "/" + ScoreColumns.LABELLED_DIR).count();
        EstimatorStore.write(store, dir + "/" + EstimatorStore.DIR, model, modelMetadata);
        for (int m = 1; m < members.size(); m++) { // each member's own seed and training record
          EstimatorStore.write(store, dir + "/" + EstimatorStore.memberDir(m), members.get(m),
              modelMetadata(cfg.member(m), settings, inputs, members.get(m), trainings.get(m), null, req)
                  .withDetails(Map.of("ensembleMember", m)));
        }
        long rows = spark.read().parquet(dir + "/" + Tables.DATA_DIR).count();
        details.put("unlabelled", rows);
        details.put("labelled", labelledCount[0]);
        details.put("features", req.embeddings() == null ? "raw pool features" : "embeddings");
        details.put("mode", cfg.closedForm() ? "closed-form" : "sampled");
        details.put("ensemble", members.size());
        details.put("scoreSeconds", scoreSeconds);
        details.put("pairsPerSecond", rate);
        details.put("estimator", EstimatorStore.DIR + "/");
        details.put("scale", model.params().scale());
        details.put("shift", model.params().shift());
        if (trained != null) details.put("training", trainingDetail(trained));
        written[0] = planned.withRows(rows).withDetails(details);
        return written[0];
      });
      caches.forEach(JavaRDD::unpersist);
      scored.unpersist();
      shared.destroy();
      return new Summary(false, req.out(), unlabelled, labelledCount[0], training, scoreSeconds, rate, written[0]);
    }
  }

  /** Raw features and an embeddings table are alternatives: exactly one must be chosen. */
  static void checkFeatureChoice(ScoreConfig cfg, Request req) {
    if (req.model() != null && cfg.ensemble() > 1) {
      throw new ConfigException(ScoreConfig.ENSEMBLE.key(), "is " + cfg.ensemble() + " but --model loads one"
          + " estimator; an ensemble is trained by the score stage itself (drop --model or set it to 1)");
    }
    if (req.embeddings() == null && !cfg.useRawFeatures()) {
      throw new ConfigException("--embeddings", "required unless " + ScoreConfig.USE_RAW_FEATURES.key()
          + "=true (round 0: score on the pool's raw features)");
    }
    if (req.embeddings() != null && cfg.useRawFeatures()) {
      throw new ConfigException(ScoreConfig.USE_RAW_FEATURES.key(), "is true but --embeddings was given; choose one");
    }
  }

  private static List<InputRef> inputs(SparkSession spark, ArtifactStore store, PoolTable pool,
      FeatureSource features, Request req, EstimatorStore.Loaded loaded) {
    List<InputRef> inputs = new ArrayList<>();
    inputs.add(new InputRef("pool", store.qualify(pool.path()), pool.metadata().rows(), pool.metadata().fingerprint()));
    if (features.input() != null) inputs.add(features.input());
    if (req.labelled() != null) {
      Metadata md = store.readMetadata(req.labelled(), ArtifactKind.LABELLED_SET);
      inputs.add(new InputRef("labelled", store.qualify(req.labelled()), md.rows(), md.fingerprint()));
    }
    if (loaded != null) {
      inputs.add(new InputRef("model", store.qualify(req.model()), loaded.metadata().rows(),
          loaded.metadata().fingerprint()));
    }
    return inputs;
  }

  private static Metadata modelMetadata(ScoreConfig cfg, Map<String, String> settings, List<InputRef> inputs,
      PmieModel model, PmieTrainer.Result training, EstimatorStore.Loaded loaded, Request req) {
    if (loaded != null) {
      return loaded.metadata().withDetails(Map.of("copiedFrom", req.model()));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("dims", EstimatorStore.dimsDetail(model.dims()));
    details.put("scale", model.params().scale());
    details.put("shift", model.params().shift());
    details.put("formatVersion", PmieModel.FORMAT_VERSION);
    details.put("training", trainingDetail(training));
    List<InputRef> modelInputs = inputs.stream().filter(i -> !i.role().equals("model")).toList();
    return Metadata.create(ArtifactKind.INFORMATIVENESS_MODEL, STAGE, cfg.seed(),
        training.trainPairs() + training.heldOutPairs(), settings, modelInputs, details);
  }

  private static Map<String, Object> trainingDetail(PmieTrainer.Result t) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("where", "driver");
    d.put("trainPairs", t.trainPairs());
    d.put("heldOutPairs", t.heldOutPairs());
    d.put("epochs", t.history().size());
    d.put("bestEpoch", t.bestEpoch());
    d.put("bestHeldOutLoss", t.bestHeldOutLoss());
    d.put("stoppedEarly", t.stoppedEarly());
    d.put("seconds", t.seconds());
    d.put("history", t.history().stream().map(e -> Map.of("epoch", e.epoch(), "trainLoss", e.trainLoss(),
        "heldOutLoss", e.heldOutLoss(), "seconds", e.seconds())).toList());
    return d;
  }
}
