package org.ascmr.jobs.workspace;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.ascmr.error.StateException;
import org.ascmr.io.Json;
import org.ascmr.workspace.LockRecord;
import org.ascmr.workspace.WorkspaceLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-writer lock of a workspace: {@code lock.json}, created only if absent, holding the owner
 * (host, pid, user), start time and command. A second run is refused (exit code 4) with the owner
 * named. The lock is removed when the command ends, also on SIGTERM (a shutdown hook); after a
 * SIGKILL or a lost machine it stays, and {@code --break-lock} removes it when it is provably stale:
 * the owner ran on this host and its process is gone, or it is older than
 * {@code workspace.staleLockHours}. docs/workspaces.md "Workspace lock" documents the manual way.
 */
public final class WorkspaceLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceLock.class);
  /** Fixed start of the refusal message (asserted by tests). */
  public static final String LOCKED = "workspace is locked by";

  private final StateFiles files;
  private final String path;
  private final LockRecord mine;
  private final Runnable hook;
  private boolean released;

  private WorkspaceLock(StateFiles files, String path, LockRecord mine) {
    this.files = files;
    this.path = path;
    this.mine = mine;
    this.hook = this::release;
    // Through Hadoop's hook manager, ahead of the hook that closes the filesystems we need.
    ShutdownHookManager.get().addShutdownHook(hook, FileSystem.SHUTDOWN_HOOK_PRIORITY + 20);
  }

  public static String path(String workspace) {
    return workspace + "/" + WorkspaceLayout.LOCK_FILE;
  }

  /**
   * Takes the lock of {@code workspace} for {@code command}, or throws a StateException naming its
   * holder. With {@code breakLock}, a stale lock is removed first (a live one never is).
   */
  public static WorkspaceLock acquire(StateFiles files, String workspace, String command, boolean breakLock,
      Duration maxAge) {
    String path = path(workspace);
    Instant now = Instant.now();
    LockRecord mine = LockRecord.ofThisProcess(command, now);
    if (files.createNew(path, mine.toJson())) return new WorkspaceLock(files, path, mine);
    LockRecord held = read(files, workspace).orElse(null);
    if (held == null) {
      // Removed between our attempt and the read: try once more.
      if (files.createNew(path, mine.toJson())) return new WorkspaceLock(files, path, mine);
      throw new StateException(path, LOCKED + " another run (the lock changed while it was read); try again");
    }
    LockRecord.Staleness staleness = held.staleness(now, LockRecord.localHost(), maxAge,
        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    if (!breakLock) {
      throw new StateException(path, LOCKED + " " + held.describe(now) + ". If that run is gone, rerun with "
          + "--break-lock (allowed when its process is gone on this host, or the lock is older than "
          + "workspace.staleLockHours=" + maxAge.toHours() + ")");
    }
    switch (staleness) {
      case OWNER_ALIVE -> throw new StateException(path, LOCKED + " " + held.describe(now)
          + "; that process is still running on this host: not breaking the lock");
      case UNKNOWN -> throw new StateException(path, LOCKED + " " + held.describe(now) + "; it is on another host "
          + "and younger than workspace.staleLockHours=" + maxAge.toHours() + ", so it may be alive. Check that run "
          + "on " + held.host() + "; if it is gone, delete " + path + " by hand");
      default -> {
        LOG.warn("{}: breaking stale lock ({}): {}", path, staleness, held.describe(now));
        files.delete(path);
        if (files.createNew(path, mine.toJson())) return new WorkspaceLock(files, path, mine);
        throw new StateException(path, LOCKED + " another run that took it right after the stale lock was broken");
      }
    }
  }

  /**
   * The lock currently held on {@code workspace}, if any. An unreadable lock (a writer killed while
   * writing it) counts as held by an unknown owner since the file's modification time.
   */
  public static Optional<LockRecord> read(StateFiles files, String workspace) {
    String path = path(workspace);
    Optional<String> text = files.read(path);
    if (text.isEmpty()) return Optional.empty();
    try {
      LockRecord r = LockRecord.parse(text.get(), path);
      if (r.host() != null && r.startedAt() != null) return Optional.of(r);
    } catch (RuntimeException e) {
      LOG.warn("{}: unreadable lock file: {}", path, e.getMessage());
    }
    long mtime = files.modificationTime(path);
    if (mtime < 0) return Optional.empty();
    return Optional.of(new LockRecord("unknown-host", -1, "unknown", Instant.ofEpochMilli(mtime).toString(),
        "unknown (unreadable lock file)", null));
  }

  public LockRecord record() {
    return mine;
  }

  /** Removes the lock if it is still ours (another run may have broken and retaken it). */
  public synchronized void release() {
    if (released) return;
    released = true;
    try {
      Optional<String> text = files.read(path);
      if (text.isPresent() && mine.token().equals(Json.tree(text.get(), path).path("token").asText())) {
        files.delete(path);
      } else {
        LOG.warn("{}: the lock is no longer ours (broken by another run?); leaving it", path);
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: could not release the lock: {}", path, e.getMessage());
    }
  }

  @Override
  public void close() {
    release();
    try {
      ShutdownHookManager.get().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (and finds the lock released)
    }
  }
}
