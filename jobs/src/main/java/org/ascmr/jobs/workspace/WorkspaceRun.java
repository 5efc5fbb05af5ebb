package org.ascmr.jobs.workspace;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ascmr.error.AscmrException;
import org.ascmr.error.ExitCodes;
import org.ascmr.jobs.io.ReadFailures;
import org.ascmr.workspace.LockRecord;
import org.ascmr.workspace.RunRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command that changes a workspace: under its lock, and recorded in its history with how
 * it ended (status shows the last failures), whatever the outcome.
 */
public final class WorkspaceRun {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceRun.class);
  private WorkspaceRun() {}

  /**
   * @param command  the command line as typed (sub-command and arguments), for the lock and history
   * @param summary  one-line outcome of a successful run, for the history
   */
  public static <T> T locked(StateFiles files, String workspace, String command, boolean breakLock, Duration maxAge,
      Supplier<T> body, Function<T, String> summary) {
    String started = Instant.now().toString();
    try {
      T result;
      try (WorkspaceLock lock = WorkspaceLock.acquire(files, workspace, command, breakLock, maxAge)) {
        result = body.get();
      }
      record(files, workspace, new RunRecord(command, started, Instant.now().toString(), LockRecord.localHost(),
          System.getProperty("user.name"), ExitCodes.OK, summary.apply(result)));
      return result;
    } catch (Exception | Error e) { // Exception: Spark throws its checked SparkException undeclared
      AscmrException known = ReadFailures.explain(e); // what the CLI reports, with the same exit code
      recordFailure(files, workspace, command, started, known != null ? known : e);
      throw known != null ? known : ReadFailures.rethrow(e);
    }
  }

  private static void recordFailure(StateFiles files, String workspace, String command, String started, Throwable e) {
    int code = e instanceof AscmrException a ? a.exitCode() : ExitCodes.INTERNAL;
    record(files, workspace, new RunRecord(command, started, Instant.now().toString(), LockRecord.localHost(),
        System.getProperty("user.name"), code, String.valueOf(e.getMessage())));
  }

  private static void record(StateFiles files, String workspace, RunRecord run) {
    try {
      if (Workspace.exists(files.store(), workspace)) {
        Workspace.open(files.store(), workspace).history().record(run);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record the run in {}'s history: {}", workspace, e.getMessage());
    }
  }
}
