package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ascmr.error.ConfigException;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.workspace.RoundJob;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.jobs.workspace.Workspace;
import org.ascmr.jobs.workspace.WorkspaceRun;
import org.ascmr.workspace.RoundBootstrap;
import org.ascmr.workspace.WorkspaceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs one active-learning round of a workspace. */
@Command(name = "round", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Run round <n> of a workspace: train, score and select the next batch to label.",
        "It snapshots the labelled set (rounds/<n>/labelled), then runs train -> embed -> score -> density ->",
        "allocate, each into rounds/<n>/<stage>/ and recorded in rounds/<n>/manifest.json",
        "(config hash, inputs, rows, timings, status). A stage whose output exists with the same settings and",
        "inputs is skipped, so a rerun finishes what a failed or killed run left; one made with other settings or",
        "inputs is refused (exit 4) unless --force. Holds the workspace lock for the whole round. Training starts",
        "from the newest earlier round's model (round.warmStart); the batch size is round.budget.",
        "A workspace without labels: --bootstrap typical (or random) selects a first batch for the annotators instead."})
public final class RoundCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--workspace", required = true, paramLabel = "<ws>", description = "workspace directory")
  String workspace;

  @Option(names = "--round", required = true, paramLabel = "<n>", description = "round number (0, 1, ...)")
  Integer round;

  @Option(names = "--force", defaultValue = "false",
      description = "recompute the stages whose output was made with other settings or inputs (and retake the"
          + " labelled snapshot if labels were ingested since) instead of refusing; same as --overwrite"
          + " (default: ${DEFAULT-VALUE})")
  boolean force;

  @Option(names = "--bootstrap", paramLabel = "random|typical",
      description = "for a round without any labels, since nothing can be trained yet: random = round.budget train"
          + " pairs at random (seed round.seed); typical = the most typical pair of each of round.budget regions of a"
          + " label-free CCA space of the pool (select.*, cca.* settings; docs/method.md). Default: none, such a round"
          + " is refused")
  RoundBootstrap bootstrap;

  @Mixin
  BreakLockOption lock;

  @Override
  public Integer call() {
    if (round < 0) throw new ConfigException("--round", "must be >= 0, was " + round);
    try (JobEnv env = JobEnv.start(common)) {
      RoundJob.validateSettings(env.config()); // bad settings fail before Spark starts
      WorkspaceConfig config = WorkspaceConfig.from(env.config());
      ArtifactStore store = Tables.store(env.spark());
      String wsPath = store.qualify(workspace);
      RoundJob.Options options = new RoundJob.Options(round, force || common.overwrite(), bootstrap,
          env.partitions(), true, null);
      RoundJob.Outcome o = WorkspaceRun.locked(new StateFiles(store), wsPath, Commands.line(spec), lock.breakLock(),
          config.staleLockAge(), () -> RoundJob.runRound(env.spark(), env.config(), Workspace.open(store, wsPath),
              options), RoundCommand::summary);
      PrintWriter out = spec.commandLine().getOut();
      out.println("round " + o.round() + " of " + wsPath + (o.bootstrap() ? " (bootstrap: first batch without labels)" : ""));
      for (RoundJob.StageResult r : o.stages()) out.println("  " + r.describe());
      out.println(summary(o) + "; next: ascmr export-selection --workspace " + workspace + " --round " + o.round());
      out.flush();
      return 0;
    }
  }

  static String summary(RoundJob.Outcome o) {
    long ran = o.stages().stream().filter(RoundJob.StageResult::ran).count();
    RoundJob.StageResult last = o.stages().get(o.stages().size() - 1);
    return "round " + o.round() + ": " + ran + " of " + o.stages().size() + " steps ran, selection of " + last.rows()
        + " pairs in " + o.selection();
  }
}
