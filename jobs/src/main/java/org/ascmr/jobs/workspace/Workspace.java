package org.ascmr.jobs.workspace;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.ascmr.data.PoolInfo;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.workspace.PoolMode;
import org.ascmr.workspace.RoundManifest;
import org.ascmr.workspace.StageRecord;
import org.ascmr.workspace.WorkspaceInfo;
import org.ascmr.workspace.WorkspaceLayout;
import org.ascmr.workspace.WorkspacePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workspace directory on any Hadoop filesystem (layout in {@link WorkspaceLayout}): the pool,
 * the append-only labels, the materialised labelled set and one directory per round. Commands
 * that change it hold its {@link WorkspaceLock}.
 */
public final class Workspace {
  private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

  private final StateFiles files;
  private final String path;
  private final WorkspaceInfo info;

  private Workspace(StateFiles files, String path, WorkspaceInfo info) {
    this.files = files;
    this.path = path;
    this.info = info;
  }

  /** What {@link #init} did. */
  public enum InitOutcome { CREATED, ALREADY_INITIALISED }

  /** Opens the workspace at {@code path} (qualified by the caller), checking workspace.json. */
  public static Workspace open(ArtifactStore store, String path) {
    StateFiles files = new StateFiles(store);
    String infoPath = path + "/" + WorkspaceLayout.INFO_FILE;
    String text = files.read(infoPath).orElseThrow(() -> new StateException(path, store.exists(path)
        ? "is not an ascmr workspace (no " + WorkspaceLayout.INFO_FILE + "); create one with ascmr init"
        : "no such workspace; create it with: ascmr init --workspace " + path + " --pool <pool dir>"));
    return new Workspace(files, path, WorkspaceInfo.parse(text, infoPath));
  }

  /** Whether {@code path} holds a workspace.json. */
  public static boolean exists(ArtifactStore store, String path) {
    return store.exists(path + "/" + WorkspaceLayout.INFO_FILE);
  }

  /**
   * Makes {@code path} a workspace over the pool artefact at {@code pool} (the caller holds the
   * lock). Idempotent: the same pool again is a no-op; another pool is refused. workspace.json is
   * written last, so a crash leaves a directory that a rerun completes.
   */
  public static InitOutcome init(ArtifactStore store, String path, String pool, PoolMode mode) {
    Metadata poolMeta = store.readMetadata(pool, ArtifactKind.POOL);
    PoolInfo poolInfo = poolMeta.detail(PoolInfo.DETAIL_KEY, PoolInfo.class);
    if (poolInfo == null) throw new StateException(pool, "pool metadata.json lacks details." + PoolInfo.DETAIL_KEY);
    if (exists(store, path)) {
      Workspace ws = open(store, path);
      if (ws.info.pool().fingerprint().equals(identity(poolMeta))) return InitOutcome.ALREADY_INITIALISED;
      throw new StateException(path, "is already a workspace over the pool " + ws.info.pool().source()
          + " (fingerprint " + ws.info.pool().fingerprint().substring(0, 12) + "), not " + pool
          + "; use another --workspace");
    }
    String poolPath;
    if (mode == PoolMode.COPY) {
      copyPool(store, pool, poolMeta, path + "/" + WorkspaceLayout.POOL_DIR);
      poolPath = WorkspaceLayout.POOL_DIR;
    } else {
      poolPath = pool;
    }
    StateFiles files = new StateFiles(store);
    LabelStore labels = new LabelStore(files, path + "/" + WorkspaceLayout.LABELS_DIR);
    labels.initialise();
    WorkspacePool ref = new WorkspacePool(mode, poolPath, pool, identity(poolMeta), poolMeta.rows(),
        poolInfo.labelNames());
    files.publish(path + "/" + WorkspaceLayout.INFO_FILE, WorkspaceInfo.create(ref, Instant.now().toString()).toJson());
    return InitOutcome.CREATED;
  }

  /** Copies the pool artefact byte for byte (Parquet files and all) into the workspace, atomically. */
  private static void copyPool(ArtifactStore store, String pool, Metadata poolMeta, String target) {
    if (store.exists(target + "/" + Metadata.FILE_NAME)) {
      Metadata there = store.readMetadata(target, ArtifactKind.POOL);
      if (identity(there).equals(identity(poolMeta))) return; // a crashed init copied it already
    }
    FileSystem src = store.fs(pool);
    store.commit(target, tmp -> {
      FileSystem dst = store.fs(tmp);
      for (FileStatus child : src.listStatus(new Path(pool))) {
        String name = child.getPath().getName();
        if (name.equals(Metadata.FILE_NAME) || name.startsWith(".")) continue;
        if (!FileUtil.copy(src, child.getPath(), dst, new Path(tmp, name), false, store.hadoopConf())) {
          throw new IOException("cannot copy " + child.getPath() + " to " + tmp);
        }
      }
      LOG.info("copied pool {} into the workspace ({} rows)", pool, poolMeta.rows());
      return poolMeta;
    });
  }

  /**
   * Identity of a pool: a digest of its whole metadata (creation time, source and details included),
   * so a pool re-extracted in place differs even with the same settings and row count.
   */
  public static String identity(Metadata poolMetadata) {
    // The memory a run measured differs between a pool and its copy in the workspace: not content.
    return Fingerprint.of(poolMetadata.withoutDetails(List.of(ArtifactStore.MEMORY_DETAIL)).toJson());
  }

  public String path() {
    return path;
  }

  public WorkspaceInfo info() {
    return info;
  }

  public StateFiles files() {
    return files;
  }

  public ArtifactStore store() {
    return files.store();
  }

  /** The pool artefact's path: inside the workspace (copy) or where it was (reference). */
  public String poolPath() {
    return info.pool().mode() == PoolMode.COPY ? path + "/" + info.pool().path() : info.pool().path();
  }

  /**
   * Reads the pool's metadata and checks it is the pool the workspace was made over: a referenced
   * pool replaced in place (re-extracted, other settings) would silently change every round.
   */
  public Metadata poolMetadata() {
    Metadata m = store().readMetadata(poolPath(), ArtifactKind.POOL);
    if (!identity(m).equals(info.pool().fingerprint())) {
      throw new StateException(poolPath(), "the pool changed since the workspace was made (fingerprint "
          + identity(m).substring(0, 12) + ", workspace.json has " + info.pool().fingerprint().substring(0, 12)
          + "); make a new workspace for the new pool");
    }
    return m;
  }

  public InputRef poolInput() {
    return new InputRef("pool", poolPath(), info.pool().rows(), info.pool().fingerprint());
  }

  public List<String> labelNames() {
    return info.pool().labelNames();
  }

  public LabelStore labels() {
    return new LabelStore(files, path + "/" + WorkspaceLayout.LABELS_DIR);
  }

  /** The materialised labelled set (a LABELLED_SET artefact) stages take as --labelled. */
  public String labelledPath() {
    return path + "/" + WorkspaceLayout.LABELLED_DIR;
  }

  public String roundDir(int round) {
    return WorkspaceLayout.roundDir(path, round);
  }

  public String stageDir(int round, String stage) {
    return WorkspaceLayout.stageDir(path, round, stage);
  }

  public String selectionPath(int round) {
    return stageDir(round, WorkspaceLayout.SELECTION_STAGE);
  }

  /** Round numbers that have a directory, ascending. */
  public List<Integer> rounds() {
    List<Integer> out = new ArrayList<>();
    for (String name : files.list(path + "/" + WorkspaceLayout.ROUNDS_DIR)) {
      if (name.matches("\\d{1,9}")) out.add(Integer.parseInt(name));
    }
    out.sort(null);
    return out;
  }

  /** Rounds whose selection artefact exists (recorded in the manifest or written by a stage run directly). */
  public List<Integer> roundsWithSelection() {
    return rounds().stream().filter(n -> store().exists(selectionPath(n) + "/" + Metadata.FILE_NAME)).toList();
  }

  public String roundManifestPath(int round) {
    return roundDir(round) + "/" + WorkspaceLayout.ROUND_MANIFEST;
  }

  public RoundManifest roundManifest(int round) {
    String p = roundManifestPath(round);
    Optional<String> text = files.read(p);
    return text.map(t -> RoundManifest.parse(t, p)).orElse(RoundManifest.empty(round));
  }

  /** Records a stage's state in round {@code round}'s manifest (the caller holds the lock). */
  public RoundManifest recordStage(int round, StageRecord record) {
    RoundManifest next = roundManifest(round).with(record);
    files.replace(roundManifestPath(round), next.toJson());
    return next;
  }

  public History history() {
    return new History(files, path + "/" + WorkspaceLayout.HISTORY_DIR);
  }
}
