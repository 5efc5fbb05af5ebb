package org.ascmr.jobs.workspace;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.allocate.AllocateConfig;
import org.ascmr.allocate.Pick;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.SeededSplit;
import org.ascmr.data.SelectionColumns;
import org.ascmr.data.Split;
import org.ascmr.density.DensityConfig;
import org.ascmr.error.AscmrException;
import org.ascmr.error.BadInputException;
import org.ascmr.error.ConfigException;
import org.ascmr.error.ExitCodes;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.allocate.AllocateJob;
import org.ascmr.jobs.allocate.SelectionTable;
import org.ascmr.jobs.density.DensityJob;
import org.ascmr.jobs.experiment.ScoredPicks;
import org.ascmr.jobs.experiment.Selection;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.ReadFailures;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.score.ScoreJob;
import org.ascmr.jobs.spark.StageScope;
import org.ascmr.jobs.train.EmbedJob;
import org.ascmr.jobs.train.TrainJob;
import org.ascmr.pmie.ScoreConfig;
import org.ascmr.workspace.LabelManifest;
import org.ascmr.workspace.RoundBootstrap;
import org.ascmr.workspace.RoundSelection;
import org.ascmr.jobs.select.CoverageSpace;
import org.ascmr.select.CoverageConfig;
import org.ascmr.workspace.RoundConfig;
import org.ascmr.workspace.RoundManifest;
import org.ascmr.workspace.StageRecord;
import org.ascmr.workspace.StageStatus;
import org.ascmr.workspace.WorkspaceLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr round}: one active-learning round of a workspace, train -> embed -> score ->
 * density -> allocate, each stage's output under {@code rounds/<n>/<stage>/} and recorded in
 * {@code rounds/<n>/manifest.json} (status, config hash, inputs, rows, timings, error). The stage
 * commands run with {@code --workspace <ws> --round <n>} go through {@link #runStage} and the same
 * rules. The caller holds the workspace lock.
 * <ul>
 *   <li>The round first snapshots the labelled set as {@code rounds/<n>/labelled}; train and score
 *       read the snapshot, so labels ingested while a round is under way count from the next
 *       round on. A rerun keeps the snapshot; {@code --force} retakes it if labels changed.</li>
 *   <li>A stage whose output exists with the same settings and inputs is skipped. One made with
 *       other settings or inputs is refused (StateException, exit 4) naming what differs, unless
 *       {@code force}: then it, and what depends on it, is recomputed. Outputs are written
 *       atomically by the stage jobs, so a killed run leaves a stage either done or absent.</li>
 *   <li>Training starts from the newest earlier round's model ({@code round.warmStart}).</li>
 *   <li>A round whose snapshot has no labels cannot train: {@code bootstrap = RANDOM} selects a
 *       seeded random batch of {@code round.budget} train pairs as its selection instead.</li>
 * </ul>
 */
public final class RoundJob {
  private static final Logger LOG = LoggerFactory.getLogger(RoundJob.class);
  public static final String STAGE = "round";
  /** Stage name of the bootstrap selection's metadata (its output is the round's allocate/). */
  public static final String BOOTSTRAP_STAGE = "round-bootstrap";
  /** Fixed part of the error for a round without labels (asserted by tests). */
  public static final String NO_LABELS = "no labelled pairs to train on";
  /** Fixed part of the refusal of an output made otherwise (asserted by tests). */
  public static final String MADE_OTHERWISE = "was made with other settings or inputs";
  /** Fixed part of the error for a pool whose files do not hold the rows its metadata says. */
  public static final String POOL_ROWS_CHANGED = "the pool's data changed since it was written";
  /** Fixed part of the error for a stage run before the stage it needs. */
  public static final String MISSING_INPUT = "has no output yet";

  /**
   * What to run.
   *
   * @param round      round number
   * @param force      recompute outputs made with other settings or inputs instead of refusing
   * @param bootstrap  how a round without labels picks its batch; null = refuse such a round
   * @param partitions partitions for the per-row stages
   * @param resume     train: continue from a checkpoint of an interrupted run
   * @param budget     pairs to select; null = round.budget
   */
  public record Options(int round, boolean force, RoundBootstrap bootstrap, int partitions, boolean resume,
      Integer budget) {
    public Options {
      if (round < 0) throw new ConfigException("--round", "must be >= 0, was " + round);
      if (budget != null && budget < 1) throw new ConfigException("--budget", "must be >= 1, was " + budget);
    }
  }

  /** What one stage did: ran (wrote its output) or was up to date. */
  public record StageResult(String stage, String out, boolean ran, long rows, double seconds) {
    public String describe() {
      return String.format(Locale.ROOT, "%-9s %-10s %9s %8d rows  %s", stage, ran ? "ran" : "up to date",
          ran ? String.format(Locale.ROOT, "%.1f s", seconds) : "", rows, out);
    }
  }

  /** A whole round: the stages in order, and whether its selection is a bootstrap batch. */
  public record Outcome(int round, List<StageResult> stages, boolean bootstrap, String selection) {}

  private final SparkSession spark;
  private final ConfigSource config;
  private final Workspace ws;
  private final RoundConfig roundConfig;
  private final Options opt;
  private final ArtifactStore store;
  private final int round;

  private RoundJob(SparkSession spark, ConfigSource config, Workspace ws, Options opt) {
    this.spark = spark;
    this.config = config;
    this.ws = ws;
    this.roundConfig = RoundConfig.from(config);
    this.opt = opt;
    this.store = ws.store();
    this.round = opt.round();
  }

  /** Validates every stage's settings on the driver before any data is read. */
  public static void validateSettings(ConfigSource config) {
    RoundConfig.from(config);
    org.ascmr.model.ModelConfig.from(config);
    org.ascmr.model.TrainConfig.from(config);
    ScoreConfig.from(config);
    DensityConfig.from(config);
    AllocateConfig.from(config);
    CoverageConfig.from(config);
  }

  /** Runs round {@code opt.round()}: every stage, or the bootstrap selection of a round without labels. */
  public static Outcome runRound(SparkSession spark, ConfigSource config, Workspace ws, Options opt) {
    validateSettings(config);
    RoundJob job = new RoundJob(spark, config, ws, opt);
    List<StageResult> done = new ArrayList<>();
    try (StageScope s = StageScope.open(spark, STAGE, "round " + opt.round() + " of " + ws.path())) {
      job.checkPool();
      SnapshotPlan plan = job.planSnapshot();
      long train = job.trainLabelled(plan);
      if (train == 0) {
        if (opt.bootstrap() == null) throw job.noLabels(plan);
        done.add(job.takeSnapshot(plan));
        done.add(job.selectWithoutScores(opt.bootstrap().name().toLowerCase(Locale.ROOT)));
        return new Outcome(opt.round(), done, true, ws.selectionPath(opt.round()));
      }
      job.checkBudget(train);
      if (opt.bootstrap() != null) {
        throw new ConfigException("--bootstrap", "is for a round without labels, but round " + opt.round()
            + "'s labelled set has " + train + " train pairs: run the round without --bootstrap");
      }
      done.add(job.takeSnapshot(plan));
      job.warnAboutPendingSelections();
      if (config.get(RoundConfig.SELECTION) == RoundSelection.COVERAGE) {
        done.add(job.stage("train"));
        done.add(job.selectWithoutScores(COVERAGE));
      } else {
        for (String stage : WorkspaceLayout.ROUND_STAGES) done.add(job.stage(stage));
      }
      return new Outcome(opt.round(), done, false, ws.selectionPath(opt.round()));
    }
  }

  /**
   * Runs one stage of round {@code opt.round()} (the stage commands with --workspace): train takes
   * the labelled snapshot first; the others need the outputs of the stages before them.
   */
  public static List<StageResult> runStage(SparkSession spark, ConfigSource config, Workspace ws, Options opt,
      String stage) {
    if (!WorkspaceLayout.ROUND_STAGES.contains(stage)) throw new IllegalArgumentException(stage);
    RoundJob job = new RoundJob(spark, config, ws, opt);
    try (StageScope s = StageScope.open(spark, STAGE, "check the pool of " + ws.path())) {
      job.checkPool();
    }
    List<StageResult> done = new ArrayList<>();
    if (stage.equals("train")) {
      SnapshotPlan plan = job.planSnapshot();
      if (job.trainLabelled(plan) == 0) throw job.noLabels(plan);
      done.add(job.takeSnapshot(plan));
    }
    done.add(job.stage(stage));
    return done;
  }

  /**
   * Before anything is written: the pool is the one the workspace was made over, and its Parquet
   * files can be read and hold the rows its metadata says (a count reads only the footers), so a
   * truncated, missing or extra part file stops the round here.
   */
  /**
   * Before training: the batch fits the pool's unlabelled train pairs (from the pool's metadata),
   * so a round.budget too large for a small pool fails at once naming the setting, not at allocate.
   */
  private void checkBudget(long labelled) {
    long train = poolTrainPairs();
    if (train < 0) return;
    long candidates = train - labelled;
    if (budget() > candidates) {
      throw new ConfigException(opt.budget() != null ? "--budget" : RoundConfig.BUDGET.key(), budget() + " "
          + AllocateConfig.BUDGET_EXCEEDS_CANDIDATES + " (" + train + " train pairs, " + labelled + " labelled): set it"
          + " to at most " + candidates + (opt.budget() != null ? "" : ", e.g. --set " + RoundConfig.BUDGET.key() + "="
          + Math.max(1, candidates)));
    }
  }

  /** Train pairs of the workspace's pool from its metadata (no Spark job); -1 if the metadata has no pool details. */
  private long poolTrainPairs() {
    org.ascmr.data.PoolInfo info = ws.poolMetadata().detail(org.ascmr.data.PoolInfo.DETAIL_KEY,
        org.ascmr.data.PoolInfo.class);
    return info == null ? -1 : info.rows(Split.TRAIN);
  }

  private void checkPool() {
    Metadata md = ws.poolMetadata();
    String data = ws.poolPath() + "/" + Tables.DATA_DIR;
    long rows;
    try {
      rows = Tables.read(spark, ws.poolPath(), ArtifactKind.POOL).rows().count();
    } catch (Exception e) { // Spark's checked SparkException arrives undeclared
      AscmrException known = ReadFailures.explain(e);
      throw known != null ? known : ReadFailures.rethrow(e);
    }
    if (rows != md.rows()) {
      throw new BadInputException(data, null, null, POOL_ROWS_CHANGED + ": its files hold " + rows + " rows, its "
          + Metadata.FILE_NAME + " says " + md.rows() + " (a part file missing, truncated or added)");
    }
  }

  // ---------------------------------------------------------------- the labelled snapshot

  private record SnapshotPlan(String path, LabelManifest manifest, Metadata planned, Metadata existing, boolean write,
      long rows) {}

  private String snapshotPath() {
    return ws.stageDir(round, WorkspaceLayout.LABELLED_SNAPSHOT);
  }

  /** Decides whether the snapshot is (re)written: absent, or labels changed and force. */
  private SnapshotPlan planSnapshot() {
    LabelManifest m = ws.labels().current();
    String path = snapshotPath();
    Metadata planned = snapshotMetadata(m);
    Metadata existing = store.exists(path + "/" + Metadata.FILE_NAME)
        ? store.readMetadata(path, ArtifactKind.LABELLED_SET) : null;
    boolean write = existing == null || (!existing.sameRecipe(planned) && opt.force());
    if (existing != null && !write && !existing.sameRecipe(planned)) {
      LOG.info("round {}: keeping the labelled snapshot taken when the round started ({} pairs); the labels"
          + " ingested since ({} pairs labelled now) count from the next round (--force retakes it)", round,
          existing.rows(), m.labelledCount());
    }
    return new SnapshotPlan(path, m, planned, existing, write, write ? m.labelledCount() : existing.rows());
  }

  private Metadata snapshotMetadata(LabelManifest m) {
    InputRef labels = new InputRef("labels", ws.labels().path(LabelManifest.fileName(m.version())),
        m.labelledCount(), m.fingerprint());
    Map<String, Object> details = new TreeMap<>();
    details.put("labelNames", ws.labelNames());
    details.put("pool", ws.poolPath());
    details.put("labelsManifestVersion", m.version());
    details.put("round", round);
    return Metadata.create(ArtifactKind.LABELLED_SET, STAGE, null, m.labelledCount(), Map.of(),
        List.of(ws.poolInput(), labels), details);
  }

  /**
   * Train pairs among the snapshot's labelled pairs (the rest are val pairs labelled for early
   * stopping): what a round trains on, and what decides between training and a bootstrap batch.
   */
  private long trainLabelled(SnapshotPlan plan) {
    if (plan.rows() == 0) return 0;
    // A damaged labels file is named with its line here, as the snapshot would, not met by Spark's JSON reader.
    if (plan.write()) LabelledSetWriter.verifyLabelFiles(ws, plan.manifest());
    Dataset<Row> ids = plan.write()
        ? LabelledSetWriter.readLabelFiles(spark, ws.labels().labelFiles(plan.manifest())).select(col("id").as("lid"))
        : Tables.read(spark, plan.path(), ArtifactKind.LABELLED_SET).rows().select(col(LabelledColumns.ID).as("lid"));
    return ids.join(trainIds(), col("lid").equalTo(col("tid")), "left_semi").distinct().count();
  }

  private Dataset<Row> trainIds() {
    return PoolTable.read(spark, ws.poolPath()).split(Split.TRAIN).select(col(PoolColumns.ID).as("tid"));
  }

  private StateException noLabels(SnapshotPlan plan) {
    if (plan.rows() > 0) {
      return new StateException(ws.path(), "round " + round + ": " + NO_LABELS + "; its " + plan.rows()
          + " labelled pairs are all val pairs (they serve early stopping, not training): ingest labels of train"
          + " pairs, or start with a seeded random batch: ascmr round --workspace " + ws.path() + " --round " + round
          + " --bootstrap random");
    }
    String why = plan.existing() != null && !plan.write()
        ? "its labelled snapshot " + plan.path() + " is empty (taken before any labels were ingested; a bootstrap"
            + " round's selection is in " + ws.selectionPath(round) + "): run the next round, or --force to retake it"
        : "the workspace has no labels yet: ingest an initial labels file (ascmr ingest-labels), or start with a"
            + " seeded random batch: ascmr round --workspace " + ws.path() + " --round " + round
            + " --bootstrap random";
    return new StateException(ws.path(), "round " + round + ": " + NO_LABELS + "; " + why);
  }

  private StageResult takeSnapshot(SnapshotPlan plan) {
    String stage = WorkspaceLayout.LABELLED_SNAPSHOT;
    if (!plan.write()) {
      recordUpToDate(stage, plan.path(), plan.existing());
      return new StageResult(stage, plan.path(), false, plan.existing().rows(), 0);
    }
    return execute(stage, plan.path(), List.of(), true, () -> {
      try (StageScope s = StageScope.open(spark, STAGE, "snapshot of the labelled set for round " + round)) {
        LabelledSetWriter.write(spark, ws, plan.manifest(), plan.path(), plan.planned());
      }
      return false;
    });
  }

  // ---------------------------------------------------------------- stages

  /** Runs {@code stage}: refused if its output was made otherwise (unless force), skipped if up to date. */
  private StageResult stage(String stage) {
    String out = ws.stageDir(round, stage);
    Map<String, String> upstream = upstream(stage);
    for (Map.Entry<String, String> e : upstream.entrySet()) {
      if (e.getValue() != null && !e.getKey().equals("pool") && !store.exists(e.getValue() + "/" + Metadata.FILE_NAME)) {
        throw new StateException(e.getValue(), "round " + round + " " + MISSING_INPUT + " here, which its " + stage
            + " stage needs (" + e.getKey() + "): run " + producer(e.getValue()) + " first, or ascmr round");
      }
    }
    boolean overwrite = false;
    if (store.exists(out + "/" + Metadata.FILE_NAME)) {
      List<String> why = differences(stage, store.readMetadata(out, null), upstream);
      if (!why.isEmpty()) {
        if (!opt.force()) {
          throw new StateException(out, "round " + round + " " + stage + " " + MADE_OTHERWISE + " than now ("
              + String.join("; ", why) + "); rerun with --force to recompute it and the stages after it");
        }
        LOG.info("round {} {}: recomputing ({}) as --force asks", round, stage, String.join("; ", why));
        overwrite = true;
      }
    }
    boolean replace = overwrite;
    boolean expectRun = overwrite || !store.exists(out + "/" + Metadata.FILE_NAME);
    return execute(stage, out, inputsNow(upstream), expectRun, () -> invoke(stage, out, upstream, replace));
  }

  @FunctionalInterface
  private interface StageBody {
    /** Runs the stage; returns true if its output was already up to date. */
    boolean run();
  }

  /**
   * Runs a stage body, recording running/succeeded/failed in the round's manifest. A stage
   * expected to be up to date ({@code expectRun} false) is not marked running first, so a rerun
   * of a finished round leaves its manifest as it was.
   */
  private StageResult execute(String stage, String out, List<InputRef> inputs, boolean expectRun, StageBody body) {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    StageRecord running = StageRecord.running(stage, out, null, inputs, start.toString());
    if (expectRun) ws.recordStage(round, running);
    try {
      boolean upToDate = body.run();
      Metadata md = store.readMetadata(out, null);
      if (upToDate) {
        recordUpToDate(stage, out, md);
        LOG.info("round {} {}: up to date ({}), skipped", round, stage, out);
        return new StageResult(stage, out, false, md.rows(), 0);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      ws.recordStage(round, new StageRecord(stage, StageStatus.SUCCEEDED, out, md.configHash(), md.inputs(),
          md.rows(), start.toString(), Instant.now().toString(), secs, null, null));
      LOG.info("round {} {}: done in {} s, {} rows -> {}", round, stage, String.format(Locale.ROOT, "%.1f", secs),
          md.rows(), out);
      return new StageResult(stage, out, true, md.rows(), secs);
    } catch (Exception | Error e) { // Exception: Spark throws its checked SparkException undeclared
      AscmrException known = ReadFailures.explain(e);
      Throwable reported = known != null ? known : e;
      try {
        ws.recordStage(round, running.failed(Instant.now().toString(), (System.nanoTime() - t0) / 1e9,
            known != null ? known.exitCode() : ExitCodes.INTERNAL, String.valueOf(reported.getMessage())));
      } catch (RuntimeException r) {
        reported.addSuppressed(r);
      }
      throw ReadFailures.rethrow(reported);
    }
  }

  /** Keeps a SUCCEEDED record that matches the output; otherwise records the output found. */
  private void recordUpToDate(String stage, String out, Metadata md) {
    RoundManifest m = ws.roundManifest(round);
    StageRecord known = m.stage(stage).orElse(null);
    if (known != null && known.status() == StageStatus.SUCCEEDED && known.sameRecipe(md.configHash(), md.inputs())) {
      return;
    }
    ws.recordStage(round, new StageRecord(stage, StageStatus.SUCCEEDED, out, md.configHash(), md.inputs(), md.rows(),
        md.createdAt(), md.createdAt(), null, null, null));
  }

  /** The artefacts {@code stage} reads, by the role its output's metadata gives them (null = none). */
  private Map<String, String> upstream(String stage) {
    Map<String, String> in = new LinkedHashMap<>();
    String snapshot = snapshotPath();
    switch (stage) {
      case "train" -> {
        in.put("pool", ws.poolPath());
        in.put("labelled", snapshot);
        in.put("warmStart", warmStartModel());
      }
      case "embed" -> {
        in.put("pool", ws.poolPath());
        in.put("model", ws.stageDir(round, "train"));
      }
      case "score" -> {
        in.put("pool", ws.poolPath());
        in.put("embeddings", ScoreConfig.from(config).useRawFeatures() ? null : ws.stageDir(round, "embed"));
        in.put("labelled", snapshot);
      }
      case "density" -> in.put("scores", ws.stageDir(round, "score"));
      case "allocate" -> {
        in.put("scores", ws.stageDir(round, "score"));
        in.put("density", ws.stageDir(round, "density"));
      }
      default -> throw new IllegalArgumentException(stage);
    }
    return in;
  }

  /** The newest earlier round's model (round.warmStart), or null. */
  private String warmStartModel() {
    if (!roundConfig.warmStart()) return null;
    List<Integer> rounds = ws.rounds();
    for (int i = rounds.size() - 1; i >= 0; i--) {
      int r = rounds.get(i);
      if (r >= round) continue;
      String model = ws.stageDir(r, "train");
      if (store.exists(model + "/" + Metadata.FILE_NAME)) return model;
    }
    return null;
  }

  private String producer(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.equals(WorkspaceLayout.LABELLED_SNAPSHOT)) name = "train";
    return "ascmr " + name + " --workspace " + ws.path() + " --round " + round;
  }

  /** The stage's recipe as its job records it (settings only; inputs are compared separately). */
  private Map<String, String> recipe(String stage) {
    Map<String, String> r = new TreeMap<>();
    switch (stage) {
      case "train" -> r.putAll(TrainJob.recipe(config));
      case "score" -> r.putAll(config.effective(ScoreConfig.SETTINGS));
      case "density" -> r.putAll(config.effective(DensityConfig.SETTINGS));
      case "allocate" -> {
        r.putAll(config.effective(AllocateConfig.SETTINGS));
        r.put("--budget", Integer.toString(budget()));
        r.put("--round", Integer.toString(round));
      }
      default -> { } // embed has no settings of its own
    }
    return r;
  }

  /**
   * Why the existing output differs from what this run would make: settings whose value changed,
   * inputs whose fingerprint changed. Empty = same recipe as far as the round can tell (the stage
   * job then decides with its full recipe).
   */
  private List<String> differences(String stage, Metadata existing, Map<String, String> upstream) {
    List<String> why = new ArrayList<>();
    if (existing.stage() != null
        && (existing.stage().equals(BOOTSTRAP_STAGE) || existing.stage().equals(COVERAGE_STAGE))) {
      why.add(existing.stage().equals(BOOTSTRAP_STAGE) ? "it is the bootstrap selection"
          : "it is the coverage selection (round.selection = coverage)");
      return why;
    }
    Map<String, String> now = recipe(stage);
    for (Map.Entry<String, String> e : now.entrySet()) {
      String was = existing.config().get(e.getKey());
      if (!Objects.equals(was, e.getValue())) {
        why.add(e.getKey() + " " + (was == null ? "unset" : was) + " -> " + e.getValue());
      }
    }
    for (Map.Entry<String, String> e : upstream.entrySet()) {
      String fpNow = e.getValue() == null ? null : fingerprint(e.getKey(), e.getValue());
      InputRef was = existing.inputs().stream().filter(i -> i.role().equals(e.getKey())).findFirst().orElse(null);
      String fpWas = was == null ? null : was.fingerprint();
      if (!Objects.equals(fpNow, fpWas)) {
        why.add("input " + e.getKey() + " " + (was == null ? "none" : "changed") + " -> "
            + (e.getValue() == null ? "none" : e.getValue()));
      }
    }
    return why;
  }

  private String fingerprint(String role, String path) {
    return store.readMetadata(path, role.equals("pool") ? ArtifactKind.POOL : null).fingerprint();
  }

  /** Inputs as known before the stage runs (for the manifest's running record). */
  private List<InputRef> inputsNow(Map<String, String> upstream) {
    List<InputRef> in = new ArrayList<>();
    upstream.forEach((role, path) -> {
      if (path == null) return;
      Metadata md = store.readMetadata(path, null);
      in.add(new InputRef(role, path, md.rows(), md.fingerprint()));
    });
    return in;
  }

  private int budget() {
    return opt.budget() != null ? opt.budget() : roundConfig.budget();
  }

  private boolean invoke(String stage, String out, Map<String, String> in, boolean overwrite) {
    String pool = ws.poolPath();
    return switch (stage) {
      case "train" -> TrainJob.run(spark, config, new TrainJob.Request(pool, in.get("labelled"), out, in.get("warmStart"),
          opt.resume(), overwrite, 0)).upToDate();
      case "embed" -> EmbedJob.run(spark, opt.partitions(), new EmbedJob.Request(pool, in.get("model"), out, overwrite))
          .upToDate();
      case "score" -> ScoreJob.run(spark, config, new ScoreJob.Request(pool, in.get("embeddings"), in.get("labelled"),
          null, out, opt.partitions(), overwrite)).upToDate();
      case "density" -> DensityJob.run(spark, config, in.get("scores"), out, overwrite, opt.partitions()).upToDate();
      case "allocate" -> AllocateJob.run(spark, config, in.get("scores"), in.get("density"), budget(), round, out,
          overwrite).upToDate();
      default -> throw new IllegalArgumentException(stage);
    };
  }

  // ---------------------------------------------------------------- bootstrap

  /** {@link #selectWithoutScores} kind of a round with labels under round.selection = coverage. */
  private static final String COVERAGE = "coverage";
  /** Stage name of the coverage selection's metadata (its output is the round's allocate/). */
  public static final String COVERAGE_STAGE = "round-coverage";

  /**
   * A selection that needs no scores: a round without labels ({@code --bootstrap random|typical}), or
   * a round with labels under round.selection = coverage ("coverage": typical pairs of the regions
   * without a label in the snapshot).
   */
  private StageResult selectWithoutScores(String kindName) {
    boolean coverageRound = kindName.equals(COVERAGE);
    RoundBootstrap kind = coverageRound ? RoundBootstrap.TYPICAL
        : RoundBootstrap.valueOf(kindName.toUpperCase(Locale.ROOT));
    String metadataStage = coverageRound ? COVERAGE_STAGE : BOOTSTRAP_STAGE;
    String stage = WorkspaceLayout.SELECTION_STAGE;
    String out = ws.selectionPath(round);
    PoolTable pool = PoolTable.read(spark, ws.poolPath());
    Metadata snapshot = store.readMetadata(snapshotPath(), ArtifactKind.LABELLED_SET);
    Map<String, String> recipe = new TreeMap<>();
    recipe.put(coverageRound ? RoundConfig.SELECTION.key() : "--bootstrap", kindName);
    if (kind == RoundBootstrap.TYPICAL) {
      List<org.ascmr.config.Setting<?>> used = new ArrayList<>(CoverageConfig.SETTINGS);
      used.addAll(org.ascmr.cca.CcaConfig.SETTINGS);
      recipe.putAll(config.effective(used));
    }
    recipe.put(RoundConfig.BUDGET.key(), Integer.toString(budget()));
    recipe.put(RoundConfig.SEED.key(), Long.toString(roundConfig.seed()));
    recipe.put("--round", Integer.toString(round));
    List<InputRef> inputs = List.of(
        new InputRef("pool", pool.path(), pool.metadata().rows(), pool.metadata().fingerprint()),
        new InputRef("labelled", snapshotPath(), snapshot.rows(), snapshot.fingerprint()));
    Metadata planned = Metadata.create(ArtifactKind.SELECTION, metadataStage, roundConfig.seed(), 0, recipe, inputs,
        Map.of());
    boolean overwrite = false;
    if (store.exists(out + "/" + Metadata.FILE_NAME)) {
      Metadata existing = store.readMetadata(out, null);
      if (!existing.sameRecipe(planned)) {
        if (!opt.force()) {
          throw new StateException(out, "round " + round + " " + stage + " " + MADE_OTHERWISE + " than this selection"
              + " (made by " + existing.stage() + " with " + existing.config() + "); rerun with --force to replace it");
        }
        overwrite = true;
      }
    }
    boolean replace = overwrite;
    boolean expectRun = overwrite || !store.exists(out + "/" + Metadata.FILE_NAME);
    return execute(stage, out, inputs, expectRun, () -> {
      if (store.plan(out, planned, replace) == ArtifactStore.Decision.UP_TO_DATE) return true;
      try (StageScope s = StageScope.open(spark, metadataStage, kind == RoundBootstrap.TYPICAL
          ? "typical pairs of uncovered regions, batch of round " + round : "seeded random batch of round " + round)) {
        long seed = roundConfig.seed();
        int salt = round;
        Dataset<Row> train = pool.split(Split.TRAIN);
        long candidates = train.count();
        if (budget() > candidates) {
          throw new ConfigException(RoundConfig.BUDGET.key(), budget() + " " + AllocateConfig.BUDGET_EXCEEDS_CANDIDATES
              + " (" + candidates + " train pairs)");
        }
        List<Pick> picks = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        if (kind == RoundBootstrap.TYPICAL) {
          int maxPairs = config.get(CoverageConfig.MAX_PAIRS);
          CoverageSpace space = CoverageSpace.ccaBounded(spark, pool, config, candidates, maxPairs,
              seed * 1_000_003L + salt);
          java.util.Set<String> labelled = labelledIds();
          if (space.size() < candidates) {
            java.util.Set<String> inSample = space.idSet();
            labelled.retainAll(inSample);
            long unlabelled = space.size() - labelled.size();
            LOG.info("round {}: {} train pairs, above {} = {}: the coverage selection runs on a seeded sample of {}"
                + " ({} labelled, {} unlabelled)", round, candidates, CoverageConfig.MAX_PAIRS.key(), maxPairs,
                space.size(), labelled.size(), unlabelled);
            if (unlabelled < budget()) {
              throw new ConfigException(CoverageConfig.MAX_PAIRS.key(), "the seeded sample of " + space.size()
                  + " of the " + candidates + " train pairs holds " + unlabelled + " unlabelled pairs, fewer than the"
                  + " budget " + budget() + ": raise " + CoverageConfig.MAX_PAIRS.key());
            }
            details.put("coverageSample", space.size());
          }
          for (CoverageSpace.Picked p : space.pick(labelled, null, 0, budget(), CoverageConfig.from(config),
              seed * 1_000_003L + salt)) {
            picks.add(new Pick(p.id(), Double.NaN, Double.NaN, p.pick().score(), p.pick().cluster()));
          }
        } else {
          Selection picked = ScoredPicks.top(train.select(col(PoolColumns.ID).as("id")),
              r -> SeededSplit.unit(seed, salt, r.getString(0)), budget());
          for (String id : picked.ids()) picks.add(new Pick(id, Double.NaN, Double.NaN, Double.NaN, -1));
        }
        details.put("solver", coverageRound ? COVERAGE : "bootstrap-" + kindName);
        details.put("budget", budget());
        details.put("round", round);
        details.put("candidates", candidates);
        details.put("note", coverageRound
            ? "round.selection = coverage: the most typical unlabelled pair of each region of a label-free CCA space"
                + " with the fewest labels; gain = its typicality rank, cluster = its region"
            : kind == RoundBootstrap.TYPICAL ? "a round without labels: the most typical pair of each of the largest"
                + " regions of a label-free CCA space; gain = its typicality rank, cluster = its region;"
                + " informativeness and rho are not computed"
            : "a round without labels: seeded random train pairs; informativeness, rho and gain are not computed");
        SelectionTable.write(spark, out, round, picks, planned.withDetails(Map.of(AllocateJob.DETAILS, details)));
      }
      return false;
    });
  }

  /** Train ids of the round's labelled snapshot (its val ids are no candidates and cover no region). */
  private java.util.Set<String> labelledIds() {
    java.util.Set<String> labelled = new java.util.HashSet<>();
    Dataset<Row> snapshot = Tables.read(spark, snapshotPath(), ArtifactKind.LABELLED_SET).rows()
        .select(col(LabelledColumns.ID).as("lid"));
    for (Row r : snapshot.join(trainIds(), col("lid").equalTo(col("tid")), "left_semi").collectAsList()) {
      labelled.add(r.getString(0));
    }
    return labelled;
  }

  // ---------------------------------------------------------------- pending selections

  /** Warns when an earlier round's selected pairs are still unlabelled: this round may pick them again. */
  private void warnAboutPendingSelections() {
    List<Integer> earlier = ws.roundsWithSelection().stream().filter(r -> r < round).toList();
    if (earlier.isEmpty()) return;
    int last = earlier.get(earlier.size() - 1);
    Dataset<Row> selected = Tables.read(spark, ws.selectionPath(last), ArtifactKind.SELECTION).rows()
        .select(col(SelectionColumns.ID).as("id"));
    Dataset<Row> labelled = Tables.read(spark, snapshotPath(), ArtifactKind.LABELLED_SET).rows()
        .select(col(LabelledColumns.ID).as("lid"));
    long pending = selected.join(labelled, selected.col("id").equalTo(labelled.col("lid")), "left_anti").count();
    if (pending > 0) {
      LOG.warn("round {}: {} pairs selected in round {} are not labelled yet (not ingested before this round"
          + " started); they are candidates again and may be selected twice", round, pending, last);
    }
  }
}
