package org.ascmr.jobs.train;

import org.ascmr.jobs.io.RowArrays;

import static org.apache.spark.sql.functions.col;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.Labels;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.Split;
import org.ascmr.error.BadInputException;
import org.ascmr.error.ConfigException;
import org.ascmr.eval.RetrievalMap;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.InputRef;
import org.ascmr.io.Json;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.IdOrderedAggregate;
import org.ascmr.jobs.spark.StageScope;
import org.ascmr.model.Adam;
import org.ascmr.model.EarlyStopping;
import org.ascmr.model.EpochTrainer;
import org.ascmr.model.LabelGraph;
import org.ascmr.model.FeatureStats;
import org.ascmr.model.InputStats;
import org.ascmr.model.LabelledStats;
import org.ascmr.model.LabelledData;
import org.ascmr.model.LocalTrainer;
import org.ascmr.model.ModelConfig;
import org.ascmr.model.ModelSpec;
import org.ascmr.model.Nd4jThreads;
import org.ascmr.model.ParameterSet;
import org.ascmr.model.RetrievalModel;
import org.ascmr.model.TrainConfig;
import org.ascmr.model.TrainingSnapshot;
import org.ascmr.model.WordVectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr train}: fits the retrieval model (method.md §2) on a pool's labelled train rows,
 * data-parallel over Spark by synchronous parameter averaging, with early stopping and model
 * selection on the val split.
 *
 * <p>Each epoch is one Spark job: the driver broadcasts a {@link TrainingSnapshot} (weights and
 * Adam state); each of the W partitions of the cached labelled rows (hash-partitioned by id,
 * sorted by id) trains one pass on its rows; the driver averages weights AND Adam moments weighted
 * by rows (DL4J's parameter averaging also averages updater state by default; resetting Adam each
 * epoch would re-run its bias correction and inflate early steps), evaluates val mAP, and writes a
 * checkpoint. W = min(train.workers or Spark's parallelism, ceil(rows / train.minRowsPerWorker)).
 * In-batch pairs of L_pair are per worker minibatch.
 *
 * <p>Determinism: row order and dropout masks derive from (seed, epoch, worker), so a run is
 * reproducible for the same W; W = 1 is exactly {@link LocalTrainer} on id-sorted rows. A killed
 * run resumes from its last checkpoint (same recipe only) and ends bit-identical to an
 * uninterrupted one.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
  public static final String STAGE = "train";
  public static final String NO_LABELLED_ROWS = "no labelled rows to train on";
  public static final String NO_VAL_ROWS =
      "no labelled val rows: early stopping and model selection need the val split";
  /** How a workspace gets labelled val rows (part of the NO_VAL_ROWS error). */
  public static final String NO_VAL_ROWS_FIX = "in a workspace, label a val sample: ascmr export-selection --workspace"
      + " <ws> --split val --count <n>, then ascmr ingest-labels with the filled file";
  public static final String NOT_IN_POOL = "is not a train row of the pool";

  public static final List<Setting<?>> SETTINGS;

  /**
   * With one worker there is nothing to average, so in local mode the pass can run in the driver
   * thread on the same rows in the same order with the same seeds: identical results without a
   * Spark job, a broadcast and a collect per epoch (which cost several times the pass itself on
   * small labelled sets). How training runs, not what it computes: kept out of the recipe.
   */
  public static final Setting<Boolean> DRIVER_LOCAL = Setting.ofBoolean("train.driverLocal", true,
      "with one worker in Spark local mode, run each epoch in the driver thread (same result, no per-epoch Spark job)");

  /**
   * Input standardisation from the labelled rows (default) or from the whole pool (no labels
   * needed). Pool statistics were the suspected cause of extreme feature norms, but on val they
   * made the model worse at every small labelled size we measured (docs/results.md): a dimension
   * that is constant on the labelled rows stays raw under labelled statistics, which damps
   * features the model has never seen vary. With a warm start the model keeps the statistics it
   * was created with.
   */
  public static final Setting<InputStats> INPUT_STATS = Setting.ofEnum("train.inputStats", InputStats.class,
      InputStats.LABELLED, "rows the input mean/scale come from: pool (every train row, no labels needed) or labelled");

  /**
   * A checkpoint holds the weights, Adam's moments and the best weights (~15 MB at E = 1024 on
   * OpenClipArt) and cost a third of an epoch on small labelled sets. An experiment, which resumes
   * whole rounds, needs none: it sets 0. How training runs, not what it computes.
   */
  public static final Setting<Integer> CHECKPOINT_EVERY = Setting.ofInt("train.checkpointEvery", 1,
      "write a resumable checkpoint every this many epochs; 0 = never (a killed run starts over)",
      org.ascmr.config.Check.atLeast(0));

  /**
   * Which trainer runs the epochs (docs/operations.md, "Training engines"): the project's own
   * per-epoch averaging of weights and Adam moments (default), or the model as a DL4J
   * ComputationGraph under dl4j-spark's ParameterAveragingTrainingMaster or SharedTrainingMaster.
   * Part of the recipe when not the default (older models and workspaces keep their fingerprints).
   */
  public static final Setting<TrainEngine> ENGINE = Setting.ofEnum("train.engine", TrainEngine.class,
      TrainEngine.AVERAGING, "trainer of the epochs: averaging (weights and Adam moments once per epoch, reproducible), "
          + "dl4j-parameter-averaging (ParameterAveragingTrainingMaster) or dl4j-gradient-sharing (SharedTrainingMaster, "
          + "needs train.dl4j.port open over UDP)");
  /** The settings that decide which trainer runs (listed by `ascmr config`). */
  public static final List<Setting<?>> ENGINE_SETTINGS = List.of(ENGINE);

  public static final Setting<Integer> DL4J_PORT = Setting.ofInt("train.dl4j.port", 40123,
      "UDP port of dl4j-gradient-sharing (Aeron): open between the driver and every executor",
      org.ascmr.config.Check.between(1, 65535));
  public static final Setting<String> DL4J_CONTROLLER = Setting.ofOptionalString("train.dl4j.controllerAddress",
      "dl4j-gradient-sharing: address the executors reach the driver's parameter server at; unset = spark.driver.host");
  public static final Setting<String> DL4J_NETWORK_MASK = Setting.ofOptionalString("train.dl4j.networkMask",
      "dl4j-gradient-sharing: network (e.g. 10.1.0.0/16) whose interface the nodes talk over; unset = DL4J's choice");
  public static final Setting<String> DL4J_EXPORT_DIR = Setting.ofOptionalString("train.dl4j.exportDir",
      "dl4j-* engines: folder for the minibatches the training masters export (deleted after training); unset = "
          + "java.io.tmpdir; on a multi-node cluster a shared path (hdfs://, s3a://)");

  /** Settings that change how training runs but not its result (not part of a model's recipe). */
  public static final List<Setting<?>> EXECUTION_SETTINGS = List.of(DRIVER_LOCAL, CHECKPOINT_EVERY, DL4J_PORT,
      DL4J_CONTROLLER, DL4J_NETWORK_MASK, DL4J_EXPORT_DIR);

  /**
   * The settings a model's recipe records: {@link #SETTINGS}, and train.engine when it is not the
   * default averaging engine.
   */
  public static Map<String, String> recipe(ConfigSource config) {
    Map<String, String> r = new java.util.TreeMap<>(config.effective(SETTINGS));
    if (config.get(ENGINE) != TrainEngine.AVERAGING) r.putAll(config.effective(ENGINE_SETTINGS));
    return r;
  }

  static {
    List<Setting<?>> all = new ArrayList<>(ModelConfig.SETTINGS);
    all.addAll(TrainConfig.SETTINGS);
    all.add(INPUT_STATS);
    SETTINGS = List.copyOf(all);
  }

  /**
   * One training request.
   *
   * @param pool            pool table
   * @param labelled        labelled-set table; null = every labelled train row of the pool
   * @param out             model directory to write
   * @param warmStart       model directory to start from; null = fresh weights
   * @param resume          continue from a checkpoint of the same recipe when one exists
   * @param overwrite       replace an output made from other settings or inputs
   * @param stopAfterEpochs test hook: stop after this many epochs of this run, leaving only the
   *                        checkpoint (as a killed run would); 0 = off
   */
  public record Request(String pool, String labelled, String out, String warmStart, boolean resume,
      boolean overwrite, int stopAfterEpochs) {}

  /** What happened: up to date (nothing done), stopped by the hook, or finished with a summary. */
  public record Outcome(String out, boolean upToDate, boolean finished, TrainSummary summary) {}

  private TrainJob() {}

  public static Outcome run(SparkSession spark, ConfigSource config, Request req) {
    ModelConfig mc = ModelConfig.from(config);
    TrainConfig tc = TrainConfig.from(config);
    TrainEngine engine = config.get(ENGINE);
    ArtifactStore store = Tables.store(spark);
    PoolTable pool = PoolTable.read(spark, req.pool());
    PoolInfo info = pool.info();
    ModelArtifact.Loaded warm = req.warmStart() == null ? null : ModelArtifact.read(store, req.warmStart());
    if (warm != null) {
      warm.spec().checkCompatible(req.pool(), "pool", info.imageDim(), info.textDim(), info.labelNames(),
          info.imageEncoder(), info.textEncoder());
      if (!warm.spec().config().sameArchitecture(mc)) {
        throw new ConfigException("train.*", "--warm-start model " + req.warmStart() + " has architecture "
            + arch(warm.spec().config()) + " but the settings ask for " + arch(mc));
      }
    }
    String labelledName = req.labelled() == null ? req.pool() + " (labelled train rows)" : req.labelled();
    Metadata planned = Metadata.create(ArtifactKind.RETRIEVAL_MODEL, STAGE, tc.seed(), 0,
        recipe(config), inputs(store, pool, req, warm, tc), Map.of());
    if (store.plan(req.out(), planned, req.overwrite()) == ArtifactStore.Decision.UP_TO_DATE) {
      LOG.info("{} is up to date (same settings and inputs); nothing to do", req.out());
      return new Outcome(req.out(), true, true, null);
    }

    try (StageScope scope = StageScope.open(spark, STAGE, "retrieval model on " + labelledName)) {
      int numLabels = info.numLabels();
      Dataset<Row> labelledAll = pool.labelled(spark, req.labelled());
      // A labelled set may hold val pairs (labelled in a workspace through export-selection --split
      // val): they are not training rows, they give val rows their labels.
      Dataset<Row> labelled = labelledAll;
      Dataset<Row> labelledVal = null;
      if (req.labelled() != null) {
        Dataset<Row> valIds = pool.split(Split.VAL).select(col(PoolColumns.ID).as("v_id"));
        labelled = labelledAll.join(valIds, labelledAll.col(LabelledColumns.ID).equalTo(valIds.col("v_id")),
            "left_anti");
        labelledVal = labelledAll.join(valIds, labelledAll.col(LabelledColumns.ID).equalTo(valIds.col("v_id")),
            "left_semi");
      }
      long rowCount = labelled.count();
      if (rowCount == 0) throw new BadInputException(labelledName, null, LabelledColumns.LABELS, NO_LABELLED_ROWS);

      Checkpoint checkpoint = new Checkpoint(store, req.out());
      // DL4J engines keep Adam's state in DL4J's updater and write no checkpoints.
      Checkpoint.Saved saved = engine == TrainEngine.AVERAGING ? resumable(checkpoint, req, planned.fingerprint()) : null;
      int workers = saved != null ? saved.state().workers()
          : tc.workersFor(rowCount, taskSlots(spark));

      JavaRDD<TrainRow> rows = trainRows(pool, labelled, rowCount, workers, numLabels, labelledName);
      try {
        LabelledStats labelledStats = rows.treeAggregate(new LabelledStats(info.imageDim(), info.textDim(), numLabels),
            (g, r) -> g.add(r.image(), r.text(), r.labels()), LabelledStats::merge);
        LabelledStats stats = config.get(INPUT_STATS) == InputStats.POOL && warm == null && saved == null
            ? labelledStats.withInputs(poolInputs(pool, Split.TRAIN, true), poolInputs(pool, Split.TRAIN, false))
            : labelledStats;
        LabelGraph graph = stats.graph();
        int edges = graph.edgeCount(mc.cooccurrenceThreshold());
        LOG.info("{} labelled rows in {} workers; label graph: {} labels, {} links at t = {}", graph.rows(), workers,
            numLabels, edges, mc.cooccurrenceThreshold());
        LabelledData val = collectVal(pool, labelledVal, labelledName);
        if (val.rows() == 0) {
          throw new BadInputException(req.pool(), null, PoolColumns.SPLIT, NO_VAL_ROWS + " (" + NO_VAL_ROWS_FIX + ")");
        }

        Loop loop = saved != null ? Loop.resume(saved, tc, checkpoint)
            : Loop.start(spec(info, mc, tc, warm), tc, stats, warm, wordVectors(store, tc, info, mc, warm), val);
        boolean inDriver = engine == TrainEngine.AVERAGING && workers == 1 && spark.sparkContext().isLocal()
            && config.get(DRIVER_LOCAL);
        boolean finished;
        // A null resource is allowed (and not closed): the averaging engine runs its own epochs.
        try (Dl4jSparkTrainer dl4j = engine == TrainEngine.AVERAGING ? null : new Dl4jSparkTrainer(spark, config,
            engine, loop.model, tc, rows, graph.rows(), workers, slotsPerExecutor(spark))) {
          finished = loop.run(spark, scope, checkpoint, rows, tc, val, planned.fingerprint(), workers, graph.rows(),
              req.stopAfterEpochs(), inDriver, dl4j == null ? config.get(CHECKPOINT_EVERY) : 0, dl4j);
        }
        if (!finished) {
          LOG.info("stopped after epoch {} as asked; the checkpoint in {} resumes it", loop.epoch, checkpoint.dir());
          return new Outcome(req.out(), false, false, null);
        }
        TrainSummary summary = loop.summary(graph.rows(), val, collect(pool, Split.TEST), workers, edges, req);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(ModelArtifact.DETAIL_KEY, ModelArtifact.details(loop.model.spec()));
        details.put("training", Map.of("bestEpoch", summary.bestEpoch(), "epochs", summary.epochs(),
            "val", summary.val(), "workers", workers, "engine", Setting.enumName(engine)));
        store.commit(req.out(), dir -> {
          ModelArtifact.writeFiles(store, dir, loop.model, Json.pretty(summary));
          return planned.withRows(graph.rows()).withDetails(details);
        });
        checkpoint.delete();
        LOG.info("model written to {}: best epoch {}, val mAP {}{}", req.out(), summary.bestEpoch(),
            fmt(summary.val().get("mean")), summary.test() == null ? "" : ", test mAP " + fmt(summary.test().get("mean")));
        return new Outcome(req.out(), false, true, summary);
      } finally {
        rows.unpersist(false);
      }
    }
  }

  /**
   * Feature statistics of one modality over every row of a split, labelled or not; summed in id
   * order per bucket so the model does not depend on the pool's files or partitions.
   */
  private static FeatureStats poolInputs(PoolTable pool, Split split, boolean image) {
    int dim = image ? pool.info().imageDim() : pool.info().textDim();
    String column = image ? PoolColumns.IMAGE : PoolColumns.TEXT;
    Dataset<Row> rows = pool.split(split).select(PoolColumns.ID, column);
    return IdOrderedAggregate.aggregate(rows, PoolColumns.ID, pool.info().rows(split), new PoolInputs(dim));
  }

  /** Folds one modality's vectors (column 1) into {@link FeatureStats}. */
  private record PoolInputs(int dim) implements IdOrderedAggregate.Folder<FeatureStats> {
    @Override
    public FeatureStats zero() {
      return new FeatureStats(dim);
    }

    @Override
    public FeatureStats add(FeatureStats acc, Row row) {
      return acc.add(RowArrays.floats(row, 1));
    }

    @Override
    public FeatureStats merge(FeatureStats left, FeatureStats right) {
      return left.merge(right);
    }
  }

  private static String arch(ModelConfig c) {
    return "embedDim " + c.embedDim() + ", hidden " + c.hidden() + ", gcnLayers " + c.gcnLayers() + ", labelDim "
        + c.labelDim();
  }

  private static ModelSpec spec(PoolInfo info, ModelConfig mc, TrainConfig tc, ModelArtifact.Loaded warm) {
    boolean learned = warm != null ? warm.spec().learnedLabelVectors() : tc.wordVectors() == null;
    return new ModelSpec(info.imageDim(), info.textDim(), info.labelNames(), mc, learned, info.imageEncoder(),
        info.textEncoder());
  }

  /** Inputs recorded in metadata: their fingerprints decide whether a rerun is up to date. */
  private static List<InputRef> inputs(ArtifactStore store, PoolTable pool, Request req, ModelArtifact.Loaded warm,
      TrainConfig tc) {
    List<InputRef> in = new ArrayList<>();
    in.add(new InputRef("pool", pool.path(), pool.metadata().rows(), pool.metadata().fingerprint()));
    if (req.labelled() != null) {
      Metadata md = store.readMetadata(req.labelled(), ArtifactKind.LABELLED_SET);
      in.add(new InputRef("labelled", req.labelled(), md.rows(), md.fingerprint()));
    }
    if (warm != null) {
      in.add(new InputRef("warmStart", req.warmStart(), warm.metadata().rows(), warm.metadata().fingerprint()));
    }
    if (tc.wordVectors() != null && warm == null) {
      try {
        FileStatus s = store.fs(tc.wordVectors()).getFileStatus(new Path(tc.wordVectors()));
        in.add(new InputRef("wordVectors", tc.wordVectors(), 0,
            Fingerprint.of(s.getLen() + "@" + s.getModificationTime())));
      } catch (IOException e) {
        throw new BadInputException(tc.wordVectors(), null, null, "cannot read (train.wordVectors): " + e.getMessage(),
            e);
      }
    }
    return in;
  }

  private static float[][] wordVectors(ArtifactStore store, TrainConfig tc, PoolInfo info, ModelConfig mc,
      ModelArtifact.Loaded warm) {
    if (tc.wordVectors() == null) return null;
    if (warm != null) {
      LOG.info("warm start: the label vectors come from {}; train.wordVectors is not read", warm.path());
      return null;
    }
    String path = tc.wordVectors();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(store.fs(path).open(new Path(path)),
        StandardCharsets.UTF_8))) {
      return WordVectors.forLabels(r, path, info.labelNames(), mc.labelDim());
    } catch (IOException e) {
      throw new BadInputException(path, null, null, "cannot read (train.wordVectors): " + e.getMessage(), e);
    }
  }

  private static Checkpoint.Saved resumable(Checkpoint checkpoint, Request req, String recipe) {
    if (!req.resume()) {
      checkpoint.delete();
      return null;
    }
    Checkpoint.Saved saved = checkpoint.latest();
    if (saved == null) return null;
    if (!saved.state().recipe().equals(recipe)) {
      LOG.warn("ignoring the checkpoint in {}: it belongs to a run with other settings or inputs", checkpoint.dir());
      checkpoint.delete();
      return null;
    }
    LOG.info("resuming from the checkpoint of epoch {} in {}", saved.state().epoch(), checkpoint.dir());
    return saved;
  }

  /** Labelled sets up to this many rows have their ids broadcast to filter the pool (about 100 MB at most). */
  static final long BROADCAST_LABELLED_IDS = 1_000_000;

  /**
   * The labelled rows with their features, W partitions by id hash, id-sorted within each, as
   * primitive arrays cached for all epochs. Checks every row's labels against the pool.
   */
  private static JavaRDD<TrainRow> trainRows(PoolTable pool, Dataset<Row> labelled, long labelledRows, int workers,
      int numLabels, String labelledName) {
    // Fresh column names on both sides: the default labelled set is itself derived from the pool,
    // and Spark refuses a self-join on the original attributes.
    Dataset<Row> features = pool.split(Split.TRAIN).select(col(PoolColumns.ID).as("f_id"),
        col(PoolColumns.IMAGE).as("f_image"), col(PoolColumns.TEXT).as("f_text"));
    Dataset<Row> labels = labelled.select(col(LabelledColumns.ID).as("l_id"),
        col(LabelledColumns.LABELS).as("l_labels"));
    if (labelledRows <= BROADCAST_LABELLED_IDS) {
      // Keep only the labelled rows' features before the join (a broadcast semi-join, no shuffle):
      // the join below would otherwise shuffle every train row's vectors (4.1 GB for a 1M x 512-d
      // pool) to meet 10,000 labels. The left outer join still reports labelled ids not in the pool.
      Dataset<Row> ids = labels.select(col("l_id").as("s_id"));
      features = features.join(org.apache.spark.sql.functions.broadcast(ids), col("f_id").equalTo(col("s_id")),
          "left_semi");
    }
    Dataset<Row> joined = labels.join(features, col("l_id").equalTo(col("f_id")), "left_outer")
        .select(col("l_id"), col("f_image"), col("f_text"), col("l_labels"))
        .repartition(workers, col("l_id"))
        .sortWithinPartitions("l_id");
    String poolPath = pool.path();
    JavaRDD<TrainRow> rows = joined.toJavaRDD().map(r -> toTrainRow(r, numLabels, labelledName, poolPath));
    rows.persist(StorageLevel.MEMORY_AND_DISK());
    rows.count();
    return rows;
  }

  private static TrainRow toTrainRow(Row r, int numLabels, String labelledName, String poolPath) {
    String id = r.getString(0);
    float[] labels = RowArrays.floats(r, 3);
    if (r.isNullAt(1) || r.isNullAt(2)) {
      throw new BadInputException(labelledName, "id " + id, LabelledColumns.ID, NOT_IN_POOL + " " + poolPath);
    }
    if (labels == null || labels.length != numLabels) {
      throw new BadInputException(labelledName, "id " + id, LabelledColumns.LABELS, "expected " + numLabels
          + " values (the pool's label names), found " + (labels == null ? "null" : labels.length));
    }
    if (Labels.isEmpty(labels)) {
      throw new BadInputException(labelledName, "id " + id, LabelledColumns.LABELS,
          "a labelled row needs at least one label");
    }
    return new TrainRow(id, RowArrays.floats(r, 1), RowArrays.floats(r, 2), labels);
  }

  /** Rows of {@code split} whose labels are known, id-sorted, on the driver. */
  private static LabelledData collect(PoolTable pool, Split split) {
    return rowsToData(pool.split(split).where(col(PoolColumns.LABELS).isNotNull())
        .select(PoolColumns.IMAGE, PoolColumns.TEXT, PoolColumns.LABELS, PoolColumns.ID)
        .orderBy(PoolColumns.ID).collectAsList());
  }

  /**
   * The val rows for early stopping and model selection: every val row labelled in the pool, and
   * every val row the labelled set gives labels to ({@code fromLabelled}, null = none). Where both
   * label a row, the pool's labels win (they are the dataset's own ground truth; a workspace only
   * exports unlabelled val pairs) and a disagreement is logged.
   */
  private static LabelledData collectVal(PoolTable pool, Dataset<Row> fromLabelled, String labelledName) {
    if (fromLabelled == null) return collect(pool, Split.VAL);
    Dataset<Row> extra = fromLabelled.select(col(LabelledColumns.ID).as("w_id"),
        col(LabelledColumns.LABELS).as("w_labels"));
    Dataset<Row> joined = pool.split(Split.VAL).join(extra, col(PoolColumns.ID).equalTo(col("w_id")), "left_outer")
        .select(col(PoolColumns.IMAGE), col(PoolColumns.TEXT),
            functions.coalesce(col(PoolColumns.LABELS), col("w_labels")).as("y"), col(PoolColumns.ID),
            col("w_labels").isNotNull().as("fromLabelled"), col(PoolColumns.LABELS).isNotNull().as("inPool"),
            col(PoolColumns.LABELS).isNotNull().and(col("w_labels").isNotNull())
                .and(col(PoolColumns.LABELS).notEqual(col("w_labels"))).as("differ"))
        .where(col("y").isNotNull())
        .orderBy(PoolColumns.ID);
    List<Row> rows = joined.collectAsList();
    long supplied = 0;
    long both = 0;
    long differ = 0;
    for (Row r : rows) {
      if (r.getBoolean(4)) supplied++;
      if (r.getBoolean(4) && r.getBoolean(5)) both++;
      if (r.getBoolean(6)) differ++;
    }
    LOG.info("val: {} labelled rows, {} of them labelled by {}{}", rows.size(), supplied, labelledName,
        both == 0 ? "" : " (" + both + " also labelled in the pool: the pool's labels are used)");
    if (differ > 0) {
      LOG.warn("{} val rows have other labels in {} than in the pool; the pool's labels are used", differ,
          labelledName);
    }
    return rowsToData(rows);
  }

  /** image, text, labels in columns 0, 1, 2 of each row. */
  private static LabelledData rowsToData(List<Row> rows) {
    float[][] i = new float[rows.size()][];
    float[][] t = new float[rows.size()][];
    float[][] y = new float[rows.size()][];
    for (int k = 0; k < rows.size(); k++) {
      i[k] = RowArrays.floats(rows.get(k), 0);
      t[k] = RowArrays.floats(rows.get(k), 1);
      y[k] = RowArrays.floats(rows.get(k), 2);
    }
    return new LabelledData(i, t, y);
  }

  /** One worker's pass of an epoch, run inside a Spark task. */
  static Iterator<WorkerResult> trainPartition(int worker, Iterator<TrainRow> it, Broadcast<byte[]> snapshot,
      TrainConfig tc, int epoch, String key, int concurrent) {
    List<TrainRow> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    if (list.isEmpty()) return java.util.Collections.emptyIterator();
    LabelledData data = toData(list);
    TrainingSnapshot snap = TrainingSnapshot.fromBytes(snapshot.value(), "broadcast snapshot");
    Nd4jThreads.limit(tc.threadsPerTask(Runtime.getRuntime().availableProcessors(), concurrent));
    RetrievalModel model = ExecutorModels.borrow(key, snap::newModel);
    try {
      Adam adam = snap.restoreInto(model, tc);
      EpochTrainer.Result r = EpochTrainer.fitEpoch(model, adam, data, tc.batchSize(), snap.spec().config().dropout(),
          LocalTrainer.epochSeed(tc.seed(), epoch, worker));
      Adam.State st = adam.state(model);
      LOG.info(String.format("worker %d, epoch %d: %d rows in %.1f s (%.0f rows/s), loss %.4f", worker, epoch,
          r.rows(), r.seconds(), r.rows() / Math.max(r.seconds(), 1e-9), r.meanLoss()));
      return List.of(new WorkerResult(worker, r.rows(), r.batches(), r.weightedLoss(), r.seconds(),
          model.trainableArrays().toBytes(), st.firstMoment().toBytes(), st.secondMoment().toBytes(), st.step()))
          .iterator();
    } finally {
      ExecutorModels.giveBack(key, model);
    }
  }

  /** A worker's rows as the arrays the trainer takes, in the given order. */
  static LabelledData toData(List<TrainRow> list) {
    float[][] image = new float[list.size()][];
    float[][] text = new float[list.size()][];
    float[][] labels = new float[list.size()][];
    for (int k = 0; k < list.size(); k++) {
      image[k] = list.get(k).image();
      text[k] = list.get(k).text();
      labels[k] = list.get(k).labels();
    }
    return new LabelledData(image, text, labels);
  }

  /**
   * Training tasks the cluster runs at once: Spark's default parallelism (its total cores) divided
   * by spark.task.cpus, so GPU executors with one task each get one worker each, not one per core.
   */
  static int taskSlots(SparkSession spark) {
    int perTask = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
    return Math.max(1, spark.sparkContext().defaultParallelism() / Math.max(1, perTask));
  }

  /**
   * Training tasks one executor JVM runs at once: local[N] runs N in the driver; on a cluster
   * spark.executor.cores / spark.task.cpus (1 when unset, YARN's and Kubernetes' default).
   */
  static int slotsPerExecutor(SparkSession spark) {
    org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
    if (spark.sparkContext().master().startsWith("local")) return spark.sparkContext().defaultParallelism();
    int cores = conf.getInt("spark.executor.cores", 1);
    int perTask = conf.getInt("spark.task.cpus", 1);
    return Math.max(1, cores / Math.max(1, perTask));
  }

  static String fmt(Double v) {
    return v == null ? "-" : String.format("%.4f", v);
  }

  /** The driver's side of the epochs: current model, Adam, early stopping, history. */
  private static final class Loop {
    RetrievalModel model;
    Adam adam;
    EarlyStopping stopping;
    ParameterSet best;
    final List<TrainSummary.EpochStats> history = new ArrayList<>();
    double untrainedValMap;
    int epoch;
    int resumedFrom;
    boolean stoppedEarly;

    static Loop start(ModelSpec spec, TrainConfig tc, LabelledStats stats, ModelArtifact.Loaded warm,
        float[][] wordVectors, LabelledData val) {
      Loop l = new Loop();
      if (warm != null) {
        // The warm model keeps its input statistics (its weights were fitted to them); the label
        // graph is recounted on the current labelled set.
        l.model = RetrievalModel.create(spec, warm.model().arrays());
        l.model.setAdjacency(stats.graph().adjacency(spec.config().cooccurrenceThreshold()));
      } else {
        l.model = RetrievalModel.create(spec, RetrievalModel.initialArrays(spec, tc.seed(), stats, wordVectors));
      }
      l.adam = Adam.of(tc);
      l.stopping = new EarlyStopping(tc.patience());
      l.best = l.model.arrays();
      l.untrainedValMap = LocalTrainer.valMap(l.model, val);
      LOG.info("initial model: val mAP {}", fmt(l.untrainedValMap));
      return l;
    }

    static Loop resume(Checkpoint.Saved saved, TrainConfig tc, Checkpoint checkpoint) {
      Loop l = new Loop();
      TrainingSnapshot snap = TrainingSnapshot.fromBytes(saved.snapshot(), checkpoint.dir());
      l.model = snap.newModel();
      l.adam = snap.restoreInto(l.model, tc);
      Checkpoint.State s = saved.state();
      l.stopping = new EarlyStopping(tc.patience(), s.bestEpoch(), s.bestValMap(), s.sinceBest());
      l.best = ParameterSet.fromBytes(saved.best());
      l.untrainedValMap = s.untrainedValMap();
      l.history.addAll(s.history());
      l.epoch = s.epoch();
      l.resumedFrom = s.epoch();
      return l;
    }

    /** Runs epochs until patience or train.maxEpochs; false when the test hook stopped it first. */
    boolean run(SparkSession spark, StageScope scope, Checkpoint checkpoint, JavaRDD<TrainRow> rows, TrainConfig tc,
        LabelledData val, String recipe, int workers, long rowCount, int stopAfter, boolean inDriver,
        int checkpointEvery, Dl4jSparkTrainer dl4j) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      String key = "train:" + Fingerprint.of(model.specJson());
      int concurrent = Math.min(workers, slotsPerExecutor(spark));
      int ranHere = 0;
      // A run killed after its last epoch's checkpoint has nothing left to train.
      stoppedEarly = stopping.shouldStop();
      byte[] snapshot = TrainingSnapshot.of(model, adam).toBytes();
      // The one worker's rows, in the order its task would read them (partition order).
      LabelledData local = inDriver ? collectRows(rows) : null;
      if (inDriver) {
        Nd4jThreads.limit(tc.threadsPerTask(Runtime.getRuntime().availableProcessors(), 1));
        LOG.info("one worker in local mode: epochs run in the driver thread ({} = true)", DRIVER_LOCAL.key());
      }
      try {
        while (!stoppedEarly && epoch < tc.maxEpochs()) {
          int ep = ++epoch;
          scope.step("epoch " + ep + "/" + tc.maxEpochs());
          long t0 = System.nanoTime();
          double loss = 0;
          long seen = 0;
          double slowest;
          long t1;
          long t2;
          if (dl4j != null) {
            EpochTrainer.Result r = dl4j.fitEpoch(ep, model);
            loss = r.weightedLoss();
            seen = r.rows();
            slowest = r.seconds();
            t1 = System.nanoTime();
            t2 = t1;
          } else if (inDriver) {
            EpochTrainer.Result r = EpochTrainer.fitEpoch(model, adam, local, tc.batchSize(),
                model.spec().config().dropout(), LocalTrainer.epochSeed(tc.seed(), ep, 0));
            loss = r.weightedLoss();
            seen = r.rows();
            slowest = r.seconds();
            t1 = System.nanoTime();
            t2 = t1;
          } else {
            Broadcast<byte[]> b = jsc.broadcast(snapshot);
            List<WorkerResult> results;
            try {
              results = new ArrayList<>(rows.mapPartitionsWithIndex(
                  (w, it) -> trainPartition(w, it, b, tc, ep, key, concurrent), false).collect());
            } finally {
              b.destroy();
            }
            results.sort(Comparator.comparingInt(WorkerResult::worker));
            t1 = System.nanoTime();
            average(results);
            t2 = System.nanoTime();
            for (WorkerResult r : results) {
              loss += r.weightedLoss();
              seen += r.rows();
            }
            slowest = results.stream().mapToDouble(WorkerResult::seconds).max().orElse(0);
          }
          double map = LocalTrainer.valMap(model, val);
          if (stopping.update(ep, map)) best = model.arrays();
          long t3 = System.nanoTime();
          boolean save = dl4j == null && (checkpointEvery > 0 && ep % checkpointEvery == 0
              || stopAfter > 0 && ranHere + 1 >= stopAfter);
          // The driver-thread pass reads the model directly: the snapshot is only for workers and checkpoints.
          if (dl4j == null && (!inDriver || save)) snapshot = TrainingSnapshot.of(model, adam).toBytes();
          history.add(new TrainSummary.EpochStats(ep, loss / seen, map, (t3 - t0) / 1e9, seen / ((t3 - t0) / 1e9)));
          if (save) {
            checkpoint.save(new Checkpoint.State(recipe, ep, workers, stopping.bestEpoch(), stopping.bestScore(),
                stopping.sinceBest(), untrainedValMap, history), snapshot, best.toBytes());
          }
          // The epoch's wall time includes its checkpoint (the saved copy cannot know it).
          double seconds = (System.nanoTime() - t0) / 1e9;
          history.set(history.size() - 1, new TrainSummary.EpochStats(ep, loss / seen, map, seconds, seen / seconds));
          logEpoch(tc, rowCount, String.format("Spark job %.1f s, slowest worker %.1f s, averaging %.1f s, val %.1f s, "
              + "checkpoint %.1f s", (t1 - t0) / 1e9, slowest, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
              (System.nanoTime() - t3) / 1e9));
          ranHere++;
          if (stopping.shouldStop()) {
            stoppedEarly = true;
            break;
          }
          if (stopAfter > 0 && ranHere >= stopAfter && epoch < tc.maxEpochs()) return false;
        }
      } finally {
        ExecutorModels.clear(key);
      }
      model.setArrays(best);
      return true;
    }

    private static LabelledData collectRows(JavaRDD<TrainRow> rows) {
      return toData(rows.collect());
    }

    private void average(List<WorkerResult> results) {
      double[] weights = new double[results.size()];
      List<ParameterSet> weightSets = new ArrayList<>();
      List<Adam.State> states = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        WorkerResult r = results.get(i);
        weights[i] = r.rows();
        weightSets.add(ParameterSet.fromBytes(r.weights()));
        states.add(new Adam.State(ParameterSet.fromBytes(r.firstMoment()), ParameterSet.fromBytes(r.secondMoment()),
            r.step()));
      }
      model.setArrays(ParameterSet.weightedMean(weightSets, weights));
      adam.restore(Adam.State.weightedMean(states, weights), model);
    }

    private void logEpoch(TrainConfig tc, long rowCount, String phases) {
      TrainSummary.EpochStats e = history.get(history.size() - 1);
      double mean = history.stream().mapToDouble(TrainSummary.EpochStats::seconds).average().orElse(0);
      int left = tc.maxEpochs() - epoch;
      int patienceLeft = stopping.patience() - stopping.sinceBest();
      LOG.info(String.format("epoch %d/%d: loss %.4f, val mAP %.4f (best %.4f at epoch %d), %.1f s (%s), %.0f rows/s; "
              + "ETA <= %.0f s (%d epochs), stops after %d more without a better val mAP",
          epoch, tc.maxEpochs(), e.loss(), e.valMap(), stopping.bestScore(), stopping.bestEpoch(), e.seconds(),
          phases, rowCount / e.seconds(), mean * left, left, patienceLeft));
    }

    TrainSummary summary(long rowCount, LabelledData val, LabelledData test, int workers, int edges, Request req) {
      RetrievalMap v = LocalTrainer.evaluate(model, val);
      RetrievalMap t = test.rows() == 0 ? null : LocalTrainer.evaluate(model, test);
      double seconds = history.stream().mapToDouble(TrainSummary.EpochStats::seconds).sum();
      Map<String, Double> untrained = new LinkedHashMap<>();
      untrained.put("mean", untrainedValMap);
      return new TrainSummary(rowCount, val.rows(), workers, edges, epoch, stopping.bestEpoch(), stoppedEarly,
          resumedFrom, req.warmStart(), untrained, ModelEvaluation.scores(v),
          t == null ? null : ModelEvaluation.scores(t), seconds / Math.max(1, history.size()),
          rowCount * history.size() / Math.max(seconds, 1e-9), List.copyOf(history));
    }
  }
}
