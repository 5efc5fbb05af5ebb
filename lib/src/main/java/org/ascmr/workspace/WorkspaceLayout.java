package org.ascmr.workspace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where things live inside a workspace directory (any Hadoop path: local, HDFS, S3). One place for
 * the names, so the commands, the status report, the deploy files and the README cannot drift.
 * <pre>
 *   workspace.json          what this directory is: format, pool reference, this layout
 *   lock.json               present while a command changes the workspace (owner, time, command)
 *   pool/                   the POOL artefact (a copy, or workspace.json points at it)
 *   labels/                 append-only: NNNNNN.labels.jsonl per ingestion, its source copy and
 *                           rejects, and manifest-NNNNNN.json (the latest lists every ingestion)
 *   labelled/               LABELLED_SET artefact = union of every ingested labels file
 *   rounds/&lt;n&gt;/labelled/     the labelled set as it was when round n started (its train and score input)
 *   rounds/&lt;n&gt;/&lt;stage&gt;/      each stage's output artefact for round n
 *   rounds/&lt;n&gt;/manifest.json   per stage: status, config hash, inputs, rows, timings, error
 *   history/                one JSON record per command run on the workspace (for status)
 * </pre>
 */
public final class WorkspaceLayout {
  public static final String INFO_FILE = "workspace.json";
  public static final String LOCK_FILE = "lock.json";
  public static final String POOL_DIR = "pool";
  public static final String LABELS_DIR = "labels";
  public static final String LABELLED_DIR = "labelled";
  public static final String ROUNDS_DIR = "rounds";
  public static final String HISTORY_DIR = "history";
  public static final String ROUND_MANIFEST = "manifest.json";

  /**
   * The round's snapshot of the labelled set below rounds/&lt;n&gt;/, taken when the round starts, so
   * labels ingested in the middle of a round count from the next round on.
   */
  public static final String LABELLED_SNAPSHOT = "labelled";
  /** Stage output names below rounds/&lt;n&gt;/, in the order a round runs them. */
  public static final List<String> ROUND_STAGES = List.of("train", "embed", "score", "density", "allocate");
  /** The stage whose output is the round's selection (a SELECTION artefact). */
  public static final String SELECTION_STAGE = "allocate";
  /** Where export-selection writes the annotators' files for round n. */
  public static final String EXPORT_STAGE = "export";

  private WorkspaceLayout() {}

  public static String roundDir(String workspace, int round) {
    return workspace + "/" + ROUNDS_DIR + "/" + round;
  }

  public static String stageDir(String workspace, int round, String stage) {
    return roundDir(workspace, round) + "/" + stage;
  }

  /** The layout as workspace.json records it, so the directory explains itself. */
  public static Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(LOCK_FILE, "present while a command changes the workspace: owner host, pid, user, start time, command");
    m.put(POOL_DIR + "/", "the pool artefact (copy mode), or see pool.path (reference mode)");
    m.put(LABELS_DIR + "/", "append-only: NNNNNN.labels.jsonl per ingestion (+ .source copy, .rejects.jsonl), "
        + "manifest-NNNNNN.json; the highest-numbered manifest lists every ingestion");
    m.put(LABELLED_DIR + "/", "labelled-set artefact: the union of all ingested labels (stages take it as --labelled)");
    m.put(ROUNDS_DIR + "/<n>/" + LABELLED_SNAPSHOT + "/", "labelled-set artefact: the labels as they were when round n"
        + " started (its train and score stages read this, not " + LABELLED_DIR + "/)");
    m.put(ROUNDS_DIR + "/<n>/<stage>/", "output artefact of each stage of round n (" + String.join(", ", ROUND_STAGES)
        + ", " + EXPORT_STAGE + ")");
    m.put(ROUNDS_DIR + "/<n>/" + ROUND_MANIFEST, "per stage: status, config hash, inputs, row counts, timings, error");
    m.put(HISTORY_DIR + "/", "one JSON record per command run on this workspace (status shows the last failures)");
    return m;
  }
}
