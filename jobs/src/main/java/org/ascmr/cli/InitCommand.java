package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.io.ArtifactKind;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolSummary;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.workspace.LabelledSetWriter;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.jobs.workspace.Workspace;
import org.ascmr.jobs.workspace.WorkspaceRun;
import org.ascmr.workspace.PoolMode;
import org.ascmr.workspace.WorkspaceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates a workspace over a pool artefact. */
@Command(name = "init", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Create a workspace (local, HDFS or S3 path) over a pool made by extract or import-mat.",
        "It holds workspace.json, the pool (copied or referenced), an empty labels/ and its manifest.",
        "Running it again with the same pool does nothing."})
public final class InitCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--workspace", required = true, paramLabel = "<ws>", description = "workspace directory to create")
  String workspace;

  @Option(names = "--pool", required = true, paramLabel = "<pool dir>", description = "pool artefact directory")
  String pool;

  @Option(names = "--pool-mode", defaultValue = "copy", paramLabel = "copy|reference",
      description = "copy the pool into <ws>/pool (self-contained, survives the source being replaced) or reference"
          + " it in place (no copy; the workspace refuses to run if it changes)")
  PoolMode poolMode;

  @Mixin
  BreakLockOption lock;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      WorkspaceConfig config = WorkspaceConfig.from(env.config());
      ArtifactStore store = Tables.store(env.spark());
      String ws = store.qualify(workspace);
      String poolPath = store.qualify(pool);
      StateFiles files = new StateFiles(store);
      // A missing or wrong pool fails before the lock creates <ws>/, and an init that fails later
      // removes the workspace directory it created: a failed init leaves nothing behind.
      org.ascmr.io.Metadata poolMd = store.readMetadata(poolPath, ArtifactKind.POOL);
      boolean existed = store.exists(ws);
      Workspace.InitOutcome outcome;
      try {
        outcome = WorkspaceRun.locked(files, ws, Commands.line(spec), lock.breakLock(),
            config.staleLockAge(), () -> {
              Workspace.InitOutcome o = Workspace.init(store, ws, poolPath, poolMode);
              // An empty labelled set from the start: stages can take --labelled <ws>/labelled at once.
              LabelledSetWriter.ensureFresh(env.spark(), Workspace.open(store, ws));
              return o;
            }, o -> o.name().toLowerCase(java.util.Locale.ROOT));
      } catch (RuntimeException e) {
        if (!existed) removeQuietly(store, ws, e);
        throw e;
      }
      Workspace w = Workspace.open(store, ws);
      spec.commandLine().getOut().println((outcome == Workspace.InitOutcome.CREATED ? "created" : "already initialised")
          + " workspace " + ws + ": pool " + w.info().pool().rows() + " rows, " + w.labelNames().size() + " labels ("
          + w.info().pool().mode().name().toLowerCase(java.util.Locale.ROOT) + " of " + w.info().pool().source() + ")");
      PoolSummary.valWarning(poolMd).ifPresent(msg -> {
        spec.commandLine().getOut().println("warning: " + msg);
        spec.commandLine().getErr().println("init: warning: " + poolPath + ": " + msg);
        spec.commandLine().getErr().flush();
      });
      return 0;
    }
  }

  private static void removeQuietly(ArtifactStore store, String ws, RuntimeException cause) {
    try {
      store.fs(ws).delete(new org.apache.hadoop.fs.Path(ws), true);
    } catch (java.io.IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
