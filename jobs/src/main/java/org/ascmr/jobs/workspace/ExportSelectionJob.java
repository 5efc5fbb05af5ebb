package org.ascmr.jobs.workspace;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.SeededSplit;
import org.ascmr.data.SelectionColumns;
import org.ascmr.data.Split;
import org.ascmr.error.AscmrException;
import org.ascmr.error.BadInputException;
import org.ascmr.error.ExitCodes;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;
import org.ascmr.labelling.AnnotationExport;
import org.ascmr.labelling.ExportItem;
import org.ascmr.jobs.experiment.ScoredPicks;
import org.ascmr.jobs.experiment.Selection;
import org.ascmr.workspace.LabelManifest;
import org.ascmr.workspace.StageRecord;
import org.ascmr.workspace.StageStatus;
import org.ascmr.workspace.WorkspaceConfig;
import org.ascmr.workspace.WorkspaceLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr export-selection}: turns a SELECTION artefact into what annotators need (id, image
 * path, text) as CSV, JSONL and Label Studio tasks + labelling config, in one ANNOTATION_EXPORT
 * artefact directory. Image paths and texts come from the pool's pairs bundle (details.pool.source
 * + pairs.jsonl, or --pairs when the bundle moved); a pool without one (imported features) gets
 * the ids alone, and the export says so.
 */
public final class ExportSelectionJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExportSelectionJob.class);
  public static final String STAGE = "export-selection";
  public static final String PAIRS_FILE = "pairs.jsonl";
  /** Fixed part of the note for a pool without a pairs bundle (asserted by tests). */
  public static final String IDS_ONLY = "no pairs bundle for this pool: exporting ids only";

  private static final StructType PAIRS_SCHEMA = new StructType()
      .add("id", DataTypes.StringType).add("image", DataTypes.StringType).add("text", DataTypes.StringType);

  private ExportSelectionJob() {}

  /**
   * What was written.
   *
   * @param upToDate  the export existed with the same inputs and settings: nothing written
   * @param note      null, or why image/text are missing
   */
  public record Result(String out, int round, long items, boolean withBundle, boolean upToDate, String note,
      Metadata metadata) {}

  /**
   * Where the pairs bundle (images and texts for the annotators) is: {@code --pairs} if given (it
   * must hold pairs.jsonl), else the pool's recorded source; without one the export has ids only
   * and {@code note} says why.
   */
  private record Bundle(String dir, String pairsPath, boolean found, String note) {
    static Bundle find(ArtifactStore store, String pairsDir, PoolInfo info) {
      String bundle = pairsDir != null ? pairsDir : info.source();
      String pairsPath = bundle == null ? null : new Path(bundle, PAIRS_FILE).toString();
      boolean found = pairsPath != null && isFile(store, pairsPath);
      if (pairsDir != null && !found) {
        throw new StateException(pairsPath, "does not exist: --pairs must be the directory holding " + PAIRS_FILE);
      }
      String note = found ? null : IDS_ONLY + " (" + (bundle == null ? "the pool records no source"
          : "no " + PAIRS_FILE + " in " + bundle) + "; pass --pairs <bundle dir> if it moved)";
      return new Bundle(bundle, pairsPath, found, note);
    }
  }

  /**
   * @param pairsDir   the pairs bundle directory, or null to take the pool's recorded source
   * @param workspace  shown in the README's ingest-labels hint (null outside a workspace)
   */
  public static Result run(SparkSession spark, String selection, String pool, String pairsDir, String out,
      WorkspaceConfig config, boolean overwrite, String workspace) {
    ArtifactStore store = Tables.store(spark);
    Tables.Table sel = Tables.read(spark, selection, ArtifactKind.SELECTION);
    PoolTable poolTable = PoolTable.read(spark, pool);
    PoolInfo info = poolTable.info();
    Bundle b = Bundle.find(store, pairsDir, info);
    String pairsPath = b.pairsPath();
    boolean withBundle = b.found();
    String note = b.note();

    List<InputRef> inputs = new ArrayList<>();
    inputs.add(new InputRef("selection", sel.path(), sel.metadata().rows(), sel.metadata().fingerprint()));
    inputs.add(new InputRef("pool", poolTable.path(), poolTable.metadata().rows(), poolTable.metadata().fingerprint()));
    if (withBundle) inputs.add(new InputRef("pairs", store.qualify(pairsPath), 0, fileFingerprint(store, pairsPath)));
    Map<String, String> settings = new TreeMap<>();
    settings.put(WorkspaceConfig.IMAGE_URL_PREFIX.key(), WorkspaceConfig.IMAGE_URL_PREFIX.render(config.imageUrlPrefix()));
    Metadata planned = Metadata.create(ArtifactKind.ANNOTATION_EXPORT, STAGE, null, sel.metadata().rows(), settings,
        inputs, Map.of());
    if (store.plan(out, planned, overwrite) == ArtifactStore.Decision.UP_TO_DATE) {
      Metadata existing = store.readMetadata(out, ArtifactKind.ANNOTATION_EXPORT);
      Object round = existing.details().get("round");
      return new Result(out, round instanceof Number n ? n.intValue() : -1, existing.rows(), withBundle, true, note,
          existing);
    }

    List<Pick> picks = new ArrayList<>();
    int round;
    try (StageScope s = StageScope.open(spark, STAGE, "export " + selection)) {
      for (Row r : sel.rows().select(col(SelectionColumns.ROUND), col(SelectionColumns.RANK),
          col(SelectionColumns.ID)).orderBy(SelectionColumns.RANK).collectAsList()) {
        picks.add(new Pick(r.getInt(0), r.getInt(1), r.getString(2)));
      }
      Set<Integer> rounds = new HashSet<>();
      for (Pick p : picks) rounds.add(p.round());
      if (rounds.size() > 1) {
        throw new BadInputException(selection, null, SelectionColumns.ROUND, "a selection holds one round, found "
            + rounds);
      }
      round = rounds.isEmpty() ? -1 : rounds.iterator().next();
      Dataset<Row> ids = sel.rows().select(col(SelectionColumns.ID).as("id"));
      List<Row> missing = ids.except(poolTable.rows().select(col(PoolColumns.ID).as("id"))).limit(5).collectAsList();
      if (!missing.isEmpty()) {
        throw new BadInputException(selection, "id " + missing.get(0).getString(0), SelectionColumns.ID,
            "selected id not in the pool " + pool + " (is this the selection of another pool?)");
      }
    }
    Map<String, Object> details = new TreeMap<>();
    details.put("round", round);
    return write(spark, store, picks, info, b, config, planned, details, out,
        AnnotationExport.readme(round, picks.size(), withBundle, workspace == null ? "<workspace>" : workspace),
        round);
  }

  /** One pair to export: its round (-1 for a val sample), rank and id. */
  record Pick(int round, int rank, String id) {}

  /** Looks the picks up in the pairs bundle and writes the export files as the artefact {@code out}. */
  private static Result write(SparkSession spark, ArtifactStore store, List<Pick> picks, PoolInfo info, Bundle b,
      WorkspaceConfig config, Metadata planned, Map<String, Object> details, String out, String readme,
      int exportRound) {
    String bundle = b.dir();
    String pairsPath = b.pairsPath();
    boolean withBundle = b.found();
    String note = b.note();
    List<ExportItem> items;
    try (StageScope s = StageScope.open(spark, STAGE, "export " + picks.size() + " pairs to " + out)) {
      Dataset<Row> ids = spark.createDataset(picks.stream().map(Pick::id).toList(), Encoders.STRING()).toDF("id");
      Map<String, Row> pairs = new HashMap<>();
      if (withBundle) {
        Dataset<Row> bundleRows = spark.read().schema(PAIRS_SCHEMA).json(pairsPath);
        for (Row r : bundleRows.join(broadcast(ids), "id").collectAsList()) pairs.put(r.getString(0), r);
      }
      items = new ArrayList<>(picks.size());
      String base = withBundle ? store.qualify(bundle) : null;
      for (Pick r : picks) {
        String id = r.id();
        if (!withBundle) {
          items.add(new ExportItem(r.round(), r.rank(), id, null, null, null));
          continue;
        }
        Row p = pairs.get(id);
        if (p == null) {
          throw new BadInputException(pairsPath, "id " + id, "id", "selected id not found in the pairs bundle"
              + " (was the pool extracted from another bundle? pass --pairs)");
        }
        String image = p.getString(1);
        String full = image == null ? null : resolve(base, image);
        String url = image == null ? null : config.imageUrlPrefix() == null ? full : config.imageUrlPrefix() + image;
        items.add(new ExportItem(r.round(), r.rank(), id, full, url, p.getString(2)));
      }
    }
    final List<ExportItem> written = items;
    details.put("withBundle", withBundle);
    details.put("files", List.of(AnnotationExport.CSV_FILE, AnnotationExport.JSONL_FILE, AnnotationExport.LS_TASKS_FILE,
        AnnotationExport.LS_CONFIG_FILE, AnnotationExport.README_FILE));
    details.put("labelNames", info.labelNames());
    if (note != null) details.put("note", note);
    Metadata[] result = new Metadata[1];
    store.commit(out, tmp -> {
      store.writeString(tmp + "/" + AnnotationExport.CSV_FILE, AnnotationExport.csv(written, withBundle));
      store.writeString(tmp + "/" + AnnotationExport.JSONL_FILE, AnnotationExport.jsonl(written, withBundle));
      store.writeString(tmp + "/" + AnnotationExport.LS_TASKS_FILE, AnnotationExport.labelStudioTasks(written, withBundle));
      store.writeString(tmp + "/" + AnnotationExport.LS_CONFIG_FILE,
          AnnotationExport.labelStudioConfig(info.labelNames(), withBundle));
      store.writeString(tmp + "/" + AnnotationExport.README_FILE, readme);
      result[0] = planned.withRows(written.size()).withDetails(details);
      return result[0];
    });
    if (note != null) LOG.warn("{}", note);
    return new Result(out, exportRound, items.size(), withBundle, false, note, result[0]);
  }

  /**
   * Export of round {@code round} of a workspace: from rounds/&lt;n&gt;/allocate to rounds/&lt;n&gt;/export,
   * recorded in the round's manifest (the caller holds the lock).
   */
  public static Result runInWorkspace(SparkSession spark, Workspace ws, int round, String pairsDir,
      WorkspaceConfig config, boolean overwrite) {
    String selection = ws.selectionPath(round);
    if (!ws.store().exists(selection + "/" + Metadata.FILE_NAME)) {
      throw new StateException(selection, "round " + round + " has no selection yet (its allocate stage has not"
          + " succeeded); rounds with a selection: " + ws.roundsWithSelection());
    }
    ws.poolMetadata();
    String out = ws.stageDir(round, WorkspaceLayout.EXPORT_STAGE);
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    StageRecord running = StageRecord.running(WorkspaceLayout.EXPORT_STAGE, out, null,
        List.of(new InputRef("selection", selection, 0, ws.store().readMetadata(selection, ArtifactKind.SELECTION)
            .fingerprint()), ws.poolInput()), start.toString());
    try {
      Result r = run(spark, selection, ws.poolPath(), pairsDir, out, config, overwrite, ws.path());
      StageRecord done = new StageRecord(running.stage(), StageStatus.SUCCEEDED, out, r.metadata().configHash(),
          r.metadata().inputs(), r.items(), start.toString(), Instant.now().toString(),
          (System.nanoTime() - t0) / 1e9, null, null);
      ws.recordStage(round, done);
      return r;
    } catch (RuntimeException e) {
      int code = e instanceof AscmrException a ? a.exitCode() : ExitCodes.INTERNAL;
      ws.recordStage(round, running.failed(Instant.now().toString(), (System.nanoTime() - t0) / 1e9, code,
          String.valueOf(e.getMessage())));
      throw e;
    }
  }

  /** Directory of a workspace's val samples, one subdirectory per labels version they were drawn at. */
  public static final String VAL_EXPORT_DIR = "val-export";
  /** Salt of the val sample's seeded hash (rounds salt with their number, 0 and up). */
  static final long VAL_SALT = -1L;
  /** Fixed part of the error when every val pair is labelled already (asserted by tests). */
  public static final String NO_UNLABELLED_VAL = "no unlabelled val pairs left to export";

  /**
   * {@code export-selection --split val}: a seeded sample of {@code count} val pairs that have no
   * label yet, neither in the pool nor in the workspace's labels, exported like a round's selection
   * to {@code <ws>/val-export/labels-<version>} (version = the labels manifest it was drawn at, so
   * a new sample after an ingestion gets a new directory). The pairs are the {@code count} with the
   * highest seeded hash of (round.seed, id): the same seed and labels give the same sample. Their
   * labels, ingested with ingest-labels, give the val split what train needs for early stopping
   * and model selection; they are never trained on nor selected. The caller holds the lock.
   */
  public static Result runValInWorkspace(SparkSession spark, Workspace ws, int count, long seed, String pairsDir,
      WorkspaceConfig config, boolean overwrite) {
    if (count < 1) throw new org.ascmr.error.ConfigException("--count", "must be >= 1, was " + count);
    ArtifactStore store = ws.store();
    PoolTable poolTable = PoolTable.read(spark, ws.poolPath());
    PoolInfo info = poolTable.info();
    Bundle b = Bundle.find(store, pairsDir, info);
    String pairsPath = b.pairsPath();
    boolean withBundle = b.found();
    String note = b.note();
    LabelManifest m = ws.labels().current();
    String out = valExportDir(ws, m.version());
    List<InputRef> inputs = new ArrayList<>();
    inputs.add(new InputRef("pool", poolTable.path(), poolTable.metadata().rows(), poolTable.metadata().fingerprint()));
    inputs.add(new InputRef("labels", ws.labels().path(LabelManifest.fileName(m.version())), m.labelledCount(),
        m.fingerprint()));
    if (withBundle) inputs.add(new InputRef("pairs", store.qualify(pairsPath), 0, fileFingerprint(store, pairsPath)));
    Map<String, String> settings = new TreeMap<>();
    settings.put(WorkspaceConfig.IMAGE_URL_PREFIX.key(), WorkspaceConfig.IMAGE_URL_PREFIX.render(config.imageUrlPrefix()));
    settings.put("--split", Split.VAL.id());
    settings.put("--count", Integer.toString(count));
    settings.put(org.ascmr.workspace.RoundConfig.SEED.key(), Long.toString(seed));
    Metadata planned = Metadata.create(ArtifactKind.ANNOTATION_EXPORT, STAGE, seed, 0, settings, inputs, Map.of());
    if (store.plan(out, planned, overwrite) == ArtifactStore.Decision.UP_TO_DATE) {
      Metadata existing = store.readMetadata(out, ArtifactKind.ANNOTATION_EXPORT);
      return new Result(out, -1, existing.rows(), withBundle, true, note, existing);
    }
    List<Pick> picks = new ArrayList<>();
    long candidates;
    try (StageScope s = StageScope.open(spark, STAGE, "seeded sample of " + count + " unlabelled val pairs")) {
      Dataset<Row> unlabelled = poolTable.split(Split.VAL).where(col(PoolColumns.LABELS).isNull())
          .select(col(PoolColumns.ID).as("id"));
      List<String> files = ws.labels().labelFiles(m);
      if (!files.isEmpty()) {
        Dataset<Row> labelled = LabelledSetWriter.readLabelFiles(spark, files).select(col("id").as("lid"));
        unlabelled = unlabelled.join(labelled, col("id").equalTo(col("lid")), "left_anti");
      }
      candidates = unlabelled.count();
      if (candidates == 0) {
        throw new StateException(ws.path(), NO_UNLABELLED_VAL + ": every val pair of the pool is labelled (in the"
            + " pool or in this workspace)");
      }
      Selection picked = ScoredPicks.top(unlabelled, r -> SeededSplit.unit(seed, VAL_SALT, r.getString(0)), count);
      for (int i = 0; i < picked.ids().size(); i++) picks.add(new Pick(-1, i, picked.ids().get(i)));
    }
    if (candidates < count) {
      LOG.warn("only {} unlabelled val pairs: exporting all of them, not --count {}", candidates, count);
    }
    Map<String, Object> details = new TreeMap<>();
    details.put("split", Split.VAL.id());
    details.put("count", count);
    details.put("candidates", candidates);
    details.put("labelsManifestVersion", m.version());
    return write(spark, store, picks, info, b, config, planned, details, out,
        AnnotationExport.valReadme(picks.size(), withBundle, ws.path()), -1);
  }

  /** {@code <ws>/val-export/labels-<version>}. */
  public static String valExportDir(Workspace ws, int labelsVersion) {
    return ws.path() + "/" + VAL_EXPORT_DIR + "/" + String.format(java.util.Locale.ROOT, "labels-%06d", labelsVersion);
  }

  private static String resolve(String base, String image) {
    if (image.contains("://") || image.startsWith("/")) return image;
    return new Path(base, image).toString();
  }

  private static boolean isFile(ArtifactStore store, String path) {
    try {
      return store.fs(path).isFile(new Path(path));
    } catch (IOException e) {
      throw new StateException(path, "cannot stat: " + e.getMessage(), e);
    }
  }

  /** Size and modification time: enough to notice a replaced bundle without reading it. */
  private static String fileFingerprint(ArtifactStore store, String path) {
    try {
      FileStatus st = store.fs(path).getFileStatus(new Path(path));
      return Fingerprint.of(st.getLen() + ":" + st.getModificationTime());
    } catch (IOException e) {
      throw new StateException(path, "cannot stat: " + e.getMessage(), e);
    }
  }
}
