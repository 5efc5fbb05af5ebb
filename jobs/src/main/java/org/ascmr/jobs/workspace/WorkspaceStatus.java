package org.ascmr.jobs.workspace;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.SelectionColumns;
import org.ascmr.data.Split;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.Tables;
import org.ascmr.workspace.LabelManifest;
import org.ascmr.workspace.RoundManifest;
import org.ascmr.workspace.RunRecord;
import org.ascmr.workspace.StageRecord;
import org.ascmr.workspace.StageStatus;
import org.ascmr.workspace.StatusReport;
import org.ascmr.workspace.WorkspaceLayout;

/**
 * Gathers {@code ascmr status}: reads workspace.json, the labels manifest, every round's manifest
 * (and the stage artefacts a manifest does not mention, e.g. written by stage commands run one by
 * one from Airflow), the lock and the history. Changes nothing, takes no lock.
 */
public final class WorkspaceStatus {
  /** How many failures the report lists. */
  public static final int FAILURES_SHOWN = 5;

  private WorkspaceStatus() {}

  public static StatusReport gather(SparkSession spark, Workspace ws) {
    LabelManifest labels = ws.labels().current();
    boolean fresh = LabelledSetWriter.isFresh(ws, labels);
    List<RoundManifest> rounds = new ArrayList<>();
    List<StatusReport.Failure> failures = new ArrayList<>();
    for (int n : ws.rounds()) {
      RoundManifest m = withArtefacts(ws, n, ws.roundManifest(n));
      rounds.add(m);
      for (StageRecord s : m.stages()) {
        if (s.status() == StageStatus.FAILED) {
          failures.add(new StatusReport.Failure(s.finishedAt(), "round " + n + " " + s.stage(),
              s.exitCode() == null ? 1 : s.exitCode(), s.error()));
        }
      }
    }
    for (RunRecord r : ws.history().newest(50)) {
      if (r.failed()) failures.add(new StatusReport.Failure(r.finishedAt(), r.command(), r.exitCode(), r.message()));
    }
    failures.sort(Comparator.comparing((StatusReport.Failure f) -> f.when() == null ? "" : f.when()).reversed());
    StatusReport.PendingSelection pending = pending(spark, ws, labels);
    return new StatusReport(ws.path(), ws.info().pool(), labels.labelledCount(), labelledVal(spark, ws, labels), fresh,
        labels.version(),
        labels.last().orElse(null), rounds, pending, WorkspaceLock.read(ws.files(), ws.path()).orElse(null),
        failures.subList(0, Math.min(FAILURES_SHOWN, failures.size())));
  }

  /**
   * Adds a record for each stage artefact present in the round directory but not in its manifest,
   * and lists the stages in the order a round runs them.
   */
  static RoundManifest withArtefacts(Workspace ws, int round, RoundManifest m) {
    List<String> stages = new ArrayList<>(List.of(WorkspaceLayout.LABELLED_SNAPSHOT));
    stages.addAll(WorkspaceLayout.ROUND_STAGES);
    stages.add(WorkspaceLayout.EXPORT_STAGE);
    for (String stage : stages) {
      if (m.stage(stage).isPresent()) continue;
      String dir = ws.stageDir(round, stage);
      if (!ws.store().exists(dir + "/" + Metadata.FILE_NAME)) continue;
      Metadata md = ws.store().readMetadata(dir, null);
      m = m.with(new StageRecord(stage, StageStatus.SUCCEEDED, dir, md.configHash(), md.inputs(), md.rows(),
          md.createdAt(), md.createdAt(), null, null, null));
    }
    List<StageRecord> ordered = new ArrayList<>(m.stages());
    ordered.sort(Comparator.comparingInt(s -> stages.indexOf(s.stage()) < 0 ? stages.size() : stages.indexOf(s.stage())));
    return new RoundManifest(m.kind(), m.formatVersion(), m.round(), ordered);
  }

  /** Val ids among the labelled ids; -1 when the pool or a labels file cannot be read (status reports the rest). */
  static long labelledVal(SparkSession spark, Workspace ws, LabelManifest labels) {
    List<String> files = ws.labels().labelFiles(labels);
    if (files.isEmpty()) return 0;
    try {
      Dataset<Row> val = PoolTable.read(spark, ws.poolPath()).split(Split.VAL).select(col(PoolColumns.ID).as("vid"));
      return LabelledSetWriter.readLabelFiles(spark, files).select(col("id").as("lid"))
          .join(val, col("lid").equalTo(col("vid")), "left_semi").count();
    } catch (Exception e) { // Spark's checked SparkException arrives undeclared: a damaged pool or labels file
      return -1;
    }
  }

  private static StatusReport.PendingSelection pending(SparkSession spark, Workspace ws, LabelManifest labels) {
    List<Integer> withSelection = ws.roundsWithSelection();
    if (withSelection.isEmpty()) return null;
    int round = withSelection.get(withSelection.size() - 1);
    Dataset<Row> selected = Tables.read(spark, ws.selectionPath(round), ArtifactKind.SELECTION).rows()
        .select(col(SelectionColumns.ID).as("id")).distinct();
    long total = selected.count();
    long unlabelled = total;
    List<String> files = ws.labels().labelFiles(labels);
    if (!files.isEmpty()) {
      Dataset<Row> labelled = LabelledSetWriter.readLabelFiles(spark, files).select("id");
      unlabelled = selected.join(labelled, selected.col("id").equalTo(labelled.col("id")), "left_anti").count();
    }
    boolean exported = ws.store().exists(ws.stageDir(round, WorkspaceLayout.EXPORT_STAGE) + "/" + Metadata.FILE_NAME);
    return new StatusReport.PendingSelection(round, total, unlabelled, exported);
  }
}
