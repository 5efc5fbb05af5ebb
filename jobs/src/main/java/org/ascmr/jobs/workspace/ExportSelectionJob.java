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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.SelectionColumns;
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
   * @param pairsDir   the pairs bundle directory, or null to take the pool's recorded source
   * @param workspace  shown in the README's ingest-labels hint (null outside a workspace)
   */
  public static Result run(SparkSession spark, String selection, String pool, String pairsDir, String out,
      WorkspaceConfig config, boolean overwrite, String workspace) {
    ArtifactStore store = Tables.store(spark);
    Tables.Table sel = Tables.read(spark, selection, ArtifactKind.SELECTION);
    PoolTable poolTable = PoolTable.read(spark, pool);
    PoolInfo info = poolTable.info();
    String bundle = pairsDir != null ? pairsDir : info.source();
    String pairsPath = bundle == null ? null : new Path(bundle, PAIRS_FILE).toString();
    boolean withBundle = pairsPath != null && isFile(store, pairsPath);
    String note = withBundle ? null : IDS_ONLY + " (" + (bundle == null ? "the pool records no source"
        : "no " + PAIRS_FILE + " in " + bundle) + "; pass --pairs <bundle dir> if it moved)";
    if (pairsDir != null && !withBundle) {
      throw new StateException(pairsPath, "does not exist: --pairs must be the directory holding "
          + PAIRS_FILE);
    }

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

    List<ExportItem> items;
    int round;
    try (StageScope s = StageScope.open(spark, STAGE, "export " + selection)) {
      List<Row> picks = sel.rows().select(col(SelectionColumns.ROUND), col(SelectionColumns.RANK),
          col(SelectionColumns.ID)).orderBy(SelectionColumns.RANK).collectAsList();
      Set<Integer> rounds = new HashSet<>();
      for (Row r : picks) rounds.add(r.getInt(0));
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
      Map<String, Row> pairs = new HashMap<>();
      if (withBundle) {
        Dataset<Row> bundleRows = spark.read().schema(PAIRS_SCHEMA).json(pairsPath);
        for (Row r : bundleRows.join(broadcast(ids), "id").collectAsList()) pairs.put(r.getString(0), r);
      }
      items = new ArrayList<>(picks.size());
      String base = withBundle ? store.qualify(bundle) : null;
      for (Row r : picks) {
        String id = r.getString(2);
        if (!withBundle) {
          items.add(new ExportItem(r.getInt(0), r.getInt(1), id, null, null, null));
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
        items.add(new ExportItem(r.getInt(0), r.getInt(1), id, full, url, p.getString(2)));
      }
    }
    final int exportRound = round;
    final List<ExportItem> written = items;
    Map<String, Object> details = new TreeMap<>();
    details.put("round", exportRound);
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
      store.writeString(tmp + "/" + AnnotationExport.README_FILE, AnnotationExport.readme(exportRound, written.size(),
          withBundle, workspace == null ? "<workspace>" : workspace));
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
