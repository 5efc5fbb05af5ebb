package org.ascmr.jobs.experiment;

import org.ascmr.select.FusedFeatures;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.SeededSplit;
import org.ascmr.data.Split;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;
import org.ascmr.experiment.ExperimentConfig;
import org.ascmr.experiment.ExperimentSummary;
import org.ascmr.experiment.ResultsCsv;
import org.ascmr.experiment.RoundResult;
import org.ascmr.experiment.SelectionStatistics;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.InputRef;
import org.ascmr.io.Json;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;
import org.ascmr.jobs.train.ModelArtifact;
import org.ascmr.jobs.train.TrainJob;
import org.ascmr.jobs.train.TrainSummary;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.model.Embeddings;
import org.ascmr.model.TrainConfig;
import org.ascmr.report.ReportWriter;
import org.ascmr.strategy.StrategyName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr experiment}: the active-learning protocol of method.md §1 with a simulated oracle.
 * For each seed: a seeded initial labelled set shared by all strategies and the full-supervision
 * ceiling; for each strategy: rounds of train -> evaluate -> select -> reveal -> record. Every
 * step writes an artefact and every round ends with its result.json, so a rerun continues from the
 * last completed round of each (strategy, seed) and never recomputes or duplicates a finished one.
 */
public final class ExperimentJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentJob.class);
  public static final String STAGE = "experiment";
  public static final String NOT_ALL_LABELLED =
      "every train pair of an experiment pool needs ground-truth labels (the simulated oracle reveals them)";

  /**
   * @param pool      pool table (train = the active-learning pool; val selects models; test reports)
   * @param out       experiment directory
   * @param overwrite discard runs made with other settings instead of refusing
   * @param stopAfterTrainings test hook: fail (as a killed driver would) right after this many
   *                  models have been trained by this run, before the round is recorded; 0 = off
   */
  public record Request(String pool, String out, boolean overwrite, int stopAfterTrainings) {
    public Request(String pool, String out, boolean overwrite) {
      this(pool, out, overwrite, 0);
    }
  }

  /** Thrown by the {@link Request#stopAfterTrainings} test hook. */
  public static final class SimulatedKill extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedKill(int trainings) {
      super("stopped after " + trainings + " trainings as asked (test hook)");
    }
  }

  public record Outcome(String out, List<RoundResult> results, ExperimentSummary summary, String report) {}

  private final SparkSession spark;
  private final ConfigSource config;
  private final ExperimentConfig experiment;
  private final int partitions;
  private final ArtifactStore store;
  private final StateFiles files;
  private final ExperimentLayout layout;
  private final PoolTable pool;
  private final long poolSize;
  private final int stopAfterTrainings;
  private int trainings;

  private ExperimentJob(SparkSession spark, ConfigSource config, int partitions, Request req) {
    this.spark = spark;
    this.config = config;
    this.experiment = ExperimentConfig.from(config);
    this.partitions = partitions;
    this.store = Tables.store(spark);
    this.files = new StateFiles(store);
    this.layout = new ExperimentLayout(store.qualify(req.out()));
    this.pool = PoolTable.read(spark, req.pool());
    this.poolSize = pool.split(Split.TRAIN).count();
    this.stopAfterTrainings = req.stopAfterTrainings();
  }

  /**
   * Runs (or continues) the experiment. {@code recipeSettings} are the settings whose values the
   * runs depend on (everything but Spark's and the strategy/seed lists, which may grow between
   * runs of one experiment).
   */
  public static Outcome run(SparkSession spark, ConfigSource config, int partitions, Request req,
      Collection<Setting<?>> recipeSettings) {
    ExperimentJob job = new ExperimentJob(spark, config, partitions, req);
    job.checkPool();
    job.claim(recipeSettings, req.overwrite());
    return job.runAll();
  }

  private void checkPool() {
    long unlabelled = pool.split(Split.TRAIN).where(col(PoolColumns.LABELS).isNull()).count();
    if (unlabelled > 0) {
      throw new BadInputException(pool.path(), unlabelled + " train rows", PoolColumns.LABELS, NOT_ALL_LABELLED);
    }
    if (experiment.initCount(poolSize) + experiment.budget(poolSize) > poolSize) {
      throw new BadInputException(pool.path(), null, PoolColumns.SPLIT, "the train split has " + poolSize
          + " pairs: too few for an initial set of " + experiment.initCount(poolSize) + " and a budget of "
          + experiment.budget(poolSize));
    }
  }

  /** Records which settings and pool the runs under out belong to; refuses a mismatch. */
  private void claim(Collection<Setting<?>> recipeSettings, boolean overwrite) {
    Map<String, String> recipe = new TreeMap<>(config.effective(recipeSettings));
    Map<String, Object> claim = new TreeMap<>();
    claim.put("pool", pool.path());
    claim.put("poolFingerprint", pool.metadata().fingerprint());
    claim.put("settings", recipe);
    claim.put("settingsHash", Fingerprint.ofJson(recipe));
    String file = layout.experimentFile();
    var existing = files.read(file);
    if (existing.isPresent()) {
      Map<?, ?> old = Json.read(existing.get(), Map.class, file);
      boolean same = claim.get("settingsHash").equals(old.get("settingsHash"))
          && claim.get("poolFingerprint").equals(old.get("poolFingerprint"));
      if (same) return;
      if (!overwrite) {
        throw new StateException(layout.out(), "holds an experiment with other settings or another pool (see "
            + file + "); pass --overwrite to discard its runs, or choose another --out");
      }
      LOG.warn("discarding the runs in {}: they were made with other settings or another pool", layout.out());
      try {
        store.fs(layout.out()).delete(new org.apache.hadoop.fs.Path(layout.out() + "/runs"), true);
        store.fs(file).delete(new org.apache.hadoop.fs.Path(file), false);
      } catch (java.io.IOException e) {
        throw new StateException(layout.out(), "cannot discard old runs: " + e.getMessage(), e);
      }
    }
    files.replace(file, Json.pretty(claim));
  }

  private Outcome runAll() {
    int rounds = experiment.rounds(poolSize);
    LOG.info("experiment: {} strategies x {} seeds, pool {} pairs, |L0| = {}, b = {}, {} selection rounds each",
        experiment.strategies().size(), experiment.seeds().size(), poolSize, experiment.initCount(poolSize),
        experiment.budget(poolSize), rounds);
    List<RoundResult> results = new ArrayList<>();
    int runs = experiment.seeds().size() * experiment.strategies().size();
    int done = 0;
    long start = System.nanoTime();
    for (long seed : experiment.seeds()) {
      writeInitialLabelled(seed);
      if (experiment.ceiling()) results.add(ceiling(seed));
      for (StrategyName name : experiment.strategies()) {
        SelectionStrategy strategy = Strategies.of(name);
        for (int r = 0; r <= rounds; r++) results.add(round(strategy, seed, r, r < rounds));
        done++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        LOG.info(String.format("experiment progress: %d/%d runs (strategy x seed) done, %.0f s elapsed, ETA %.0f s",
            done, runs, elapsed, elapsed / done * (runs - done)));
      }
    }
    return finish(results);
  }

  private void writeInitialLabelled(long seed) {
    String out = layout.initialLabelled(seed);
    if (store.exists(out + "/" + Metadata.FILE_NAME)) return;
    Selection init = ScoredPicks.top(pool.split(Split.TRAIN).select(PoolColumns.ID),
        r -> SeededSplit.unit(seed, 1, r.getString(0)), experiment.initCount(poolSize));
    LabelledSets.write(spark, pool, LabelledSets.reveal(spark, pool, init.ids()), out, STAGE, seed,
        Map.of("experiment.initFraction", String.valueOf(experiment.initFraction()), "seed", String.valueOf(seed)));
  }

  /** The initial labelled set of a strategy that chooses its own (same size as the shared one). */
  private void writeOwnStart(StrategyName name, long seed, String out) {
    if (store.exists(out + "/" + Metadata.FILE_NAME)) return;
    List<String> ids = CoverageStrategy.start(spark, pool, seeded(seed), experiment.initCount(poolSize),
        seed * 1_000_003L - 1);
    LabelledSets.write(spark, pool, LabelledSets.reveal(spark, pool, ids), out, STAGE, seed,
        Map.of("strategy", name.id(), "seed", String.valueOf(seed), "round", "0", "start", "own"));
  }

  private ConfigSource seeded(long seed) {
    return config.with(TrainConfig.SEED.key(), seed);
  }

  private RoundResult ceiling(long seed) {
    String dir = layout.ceilingDir(seed);
    String resultFile = dir + "/" + ExperimentLayout.RESULT_FILE;
    var done = files.read(resultFile);
    if (done.isPresent()) return Json.read(done.get(), RoundResult.class, resultFile);
    try (StageScope s = StageScope.open(spark, STAGE, "seed " + seed + ": full-supervision ceiling")) {
      long t0 = System.nanoTime();
      TrainSummary summary = train(seeded(seed), null, dir + "/model", null);
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      RoundResult r = result(RoundResult.CEILING, seed, 0, poolSize, summary, SelectionStatistics.of(null, null,
          null, 0), Map.of(RoundResult.TRAIN, trainSeconds));
      files.replace(resultFile, Json.pretty(r));
      LOG.info("seed {}: ceiling test mAP {} (val {})", seed, fmt(r.testMean()), fmt(r.valMean()));
      return r;
    }
  }

  private RoundResult round(SelectionStrategy strategy, long seed, int round, boolean select) {
    StrategyName name = strategy.name();
    String dir = layout.roundDir(name, seed, round);
    String resultFile = dir + "/" + ExperimentLayout.RESULT_FILE;
    var done = files.read(resultFile);
    if (done.isPresent()) return Json.read(done.get(), RoundResult.class, resultFile);

    try (StageScope s = StageScope.open(spark, STAGE, name.id() + " seed " + seed + " round " + round)) {
      String labelled = layout.labelled(name, seed, round);
      if (round == 0 && name.choosesItsStart()) writeOwnStart(name, seed, labelled);
      long labelledCount = store.readMetadata(labelled, ArtifactKind.LABELLED_SET).rows();
      Map<String, Double> seconds = new LinkedHashMap<>();
      long t0 = System.nanoTime();
      String warm = round > 0 && experiment.warmStart() ? layout.model(name, seed, round - 1) : null;
      TrainSummary summary = train(seeded(seed), labelled, layout.model(name, seed, round), warm);
      seconds.put(RoundResult.TRAIN, (System.nanoTime() - t0) / 1e9);

      SelectionStatistics stats = SelectionStatistics.of(null, null, null, 0);
      if (select) {
        RoundContext ctx = new RoundContext(spark, seeded(seed), experiment, pool, labelled,
            layout.model(name, seed, round), dir, seed, round, experiment.budget(poolSize), partitions);
        long t1 = System.nanoTime();
        Selection picked = selection(strategy, ctx, dir);
        double selectSeconds = (System.nanoTime() - t1) / 1e9;
        double embedSeconds = ctx.embedSeconds();
        stats = statistics(ctx, picked);
        seconds.put(RoundResult.EMBED, embedSeconds);
        picked.stageSeconds().forEach(seconds::put);
        double pipeline = embedSeconds + picked.stageSeconds().values().stream().mapToDouble(d -> d).sum();
        seconds.put(RoundResult.SELECT, Math.max(0, selectSeconds - pipeline));
        String next = layout.labelled(name, seed, round + 1);
        LabelledSets.write(spark, pool, LabelledSets.read(spark, labelled)
                .union(LabelledSets.reveal(spark, pool, picked.ids())), next, STAGE, seed,
            Map.of("strategy", name.id(), "seed", String.valueOf(seed), "round", String.valueOf(round + 1)));
      }
      RoundResult r = result(name.id(), seed, round, labelledCount, summary, stats, seconds);
      files.replace(resultFile, Json.pretty(r));
      LOG.info("{} seed {} round {}: |L| = {} ({}%), test mAP {}, val mAP {}", name.id(), seed, round, labelledCount,
          String.format("%.1f", 100.0 * labelledCount / poolSize), fmt(r.testMean()), fmt(r.valMean()));
      return r;
    }
  }

  /** The round's selection: read back if a killed run already made it, else made and saved. */
  private Selection selection(SelectionStrategy strategy, RoundContext ctx, String dir) {
    String file = dir + "/" + ExperimentLayout.SELECTION_FILE;
    var saved = files.read(file);
    if (saved.isPresent()) return Json.read(saved.get(), Selection.class, file);
    Selection picked = strategy.select(ctx);
    checkSelection(picked, ctx);
    files.replace(file, Json.pretty(picked));
    return picked;
  }

  /** Every strategy must return exactly b distinct unlabelled train ids. */
  private void checkSelection(Selection s, RoundContext ctx) {
    if (s.size() != ctx.budget() || s.ids().stream().distinct().count() != s.size()) {
      throw new IllegalStateException(ctx.round() + ": strategy returned " + s.size() + " ids ("
          + s.ids().stream().distinct().count() + " distinct), expected " + ctx.budget());
    }
    Dataset<Row> picked = spark.createDataset(s.ids(), Encoders.STRING()).toDF(LabelledColumns.ID);
    long inU = ctx.unlabelled(pool.rows(), true).join(picked, PoolColumns.ID).count();
    if (inU != s.size()) {
      throw new IllegalStateException("strategy picked " + (s.size() - inU) + " ids that are labelled or not train pairs");
    }
  }

  /**
   * Batch statistics, the same for every strategy: on the round's joint embeddings and revealed
   * labels. A strategy that never needed the pool's embeddings (random, ascmr) does not pay for
   * embedding the whole pool here: the picks alone are embedded on the driver with the round's model.
   */
  private SelectionStatistics statistics(RoundContext ctx, Selection picked) {
    Dataset<Row> ids = spark.createDataset(picked.ids(), Encoders.STRING()).toDF("picked");
    float[][] joint;
    if (ctx.hasEmbeddings()) {
      Dataset<Row> e = Tables.read(spark, ctx.embeddings(), ArtifactKind.EMBEDDINGS).rows();
      List<Row> rows = e.join(ids, e.col(EmbeddingColumns.ID).equalTo(col("picked")), "left_semi")
          .orderBy(EmbeddingColumns.ID).collectAsList();
      joint = new float[rows.size()][];
      for (int i = 0; i < rows.size(); i++) {
        joint[i] = FusedFeatures.joint(RowArrays.floats(rows.get(i), EmbeddingColumns.FV),
            RowArrays.floats(rows.get(i), EmbeddingColumns.FT));
      }
    } else {
      Dataset<Row> p = pool.rows();
      List<Row> rows = p.join(ids, p.col(PoolColumns.ID).equalTo(col("picked")), "left_semi")
          .select(PoolColumns.ID, PoolColumns.IMAGE, PoolColumns.TEXT).orderBy(PoolColumns.ID).collectAsList();
      float[][] image = new float[rows.size()][];
      float[][] text = new float[rows.size()][];
      for (int i = 0; i < rows.size(); i++) {
        image[i] = RowArrays.floats(rows.get(i), 1);
        text[i] = RowArrays.floats(rows.get(i), 2);
      }
      Embeddings e = ModelArtifact.read(store, ctx.modelDir()).model().embed(image, text);
      joint = new float[rows.size()][];
      for (int i = 0; i < rows.size(); i++) joint[i] = FusedFeatures.joint(e.fv()[i], e.ft()[i]);
    }
    List<Row> revealed = LabelledSets.reveal(spark, pool, picked.ids()).collectAsList();
    float[][] labels = new float[revealed.size()][];
    for (int i = 0; i < labels.length; i++) labels[i] = RowArrays.floats(revealed.get(i), LabelledColumns.LABELS);
    return SelectionStatistics.of(picked.scores(), joint, labels, pool.info().numLabels());
  }

  private TrainSummary train(ConfigSource cfg, String labelled, String out, String warm) {
    TrainJob.Outcome o = TrainJob.run(spark, cfg, new TrainJob.Request(pool.path(), labelled, out, warm, true, false, 0));
    if (!o.upToDate() && ++trainings == stopAfterTrainings) throw new SimulatedKill(trainings);
    if (o.summary() != null) return o.summary();
    String file = out + "/" + ModelArtifact.SUMMARY_FILE;
    return Json.read(store.readString(file), TrainSummary.class, file);
  }

  private RoundResult result(String strategy, long seed, int round, long labelled, TrainSummary s,
      SelectionStatistics stats, Map<String, Double> seconds) {
    if (s.test() == null) {
      throw new BadInputException(pool.path(), null, PoolColumns.SPLIT, "the pool has no labelled test rows to report");
    }
    Double val = s.val() == null ? null : s.val().get("mean");
    return new RoundResult(strategy, seed, round, labelled, poolSize, s.test().get("i2t"), s.test().get("t2i"), val,
        stats.meanInformativeness(), stats.meanPairwiseSimilarity(), stats.labelCoverage(), seconds);
  }

  /** Results in run order, results.csv + Parquet table, summary.json and the report. */
  private Outcome finish(List<RoundResult> results) {
    store.writeString(layout.resultsCsv(), ResultsCsv.write(results));
    Dataset<Row> table = spark.createDataFrame(results.stream().map(ResultRows::toRow).toList(), ResultRows.SCHEMA);
    Metadata md = Metadata.create(ArtifactKind.EXPERIMENT, STAGE, null, results.size(),
        config.effective(ExperimentConfig.SETTINGS),
        List.of(new InputRef("pool", pool.path(), poolSize, pool.metadata().fingerprint())), Map.of());
    Tables.write(spark, table.coalesce(1), layout.resultsTable(), md);
    ExperimentSummary summary = ExperimentSummary.of(results);
    store.writeString(layout.summary(), summary.toJson());
    String report = writeReport(summary);
    LOG.info("experiment done: {} rows in {}; report {}", results.size(), layout.resultsCsv(), report);
    return new Outcome(layout.out(), results, summary, report);
  }

  private String writeReport(ExperimentSummary summary) {
    Map<String, String> settings = config.effective(ExperimentConfig.SETTINGS);
    Map<String, byte[]> rendered = ReportWriter.render("ASCMR experiment on " + pool.path(), summary, settings);
    rendered.forEach((name, bytes) -> store.writeBytes(layout.out() + "/" + name, bytes));
    return layout.out() + "/" + ReportWriter.HTML;
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format("%.4f", v);
  }
}
