package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.jobs.train.EmbedJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes the model's features and logits for every pool row. */
@Command(name = "embed", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Write the retrieval model's common-space features f_v, f_t and cosine logits for every row of a "
        + "pool (an embeddings table: id, split, fv, ft, logits_v, logits_t).")
public final class EmbedCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Mixin
  WorkspaceStageOptions inWorkspace;

  @Option(names = "--round", paramLabel = "<n>", description = "with --workspace: the round to embed (default: none)")
  Integer round;

  @Option(names = "--pool", paramLabel = "<pool>", description = "pool table; required without --workspace")
  String pool;

  @Option(names = "--model", paramLabel = "<model dir>",
      description = "model from ascmr train; required without --workspace")
  String model;

  @Option(names = "--out", paramLabel = "<table>", description = "embeddings table to write; required without"
      + " --workspace")
  String out;

  @Override
  public Integer call() {
    if (inWorkspace.active()) {
      inWorkspace.checkInWorkspace(spec, round, WorkspaceStageOptions.options("--pool", pool, "--model", model,
          "--out", out));
      return inWorkspace.run(spec, common, "embed", round, true, null);
    }
    WorkspaceStageOptions.requireOutsideWorkspace(spec, WorkspaceStageOptions.options("--pool", pool, "--model", model,
        "--out", out));
    try (JobEnv env = JobEnv.start(common)) {
      EmbedJob.Outcome o = EmbedJob.run(env.spark(), env.partitions(),
          new EmbedJob.Request(pool, model, out, common.overwrite()));
      spec.commandLine().getOut().println((o.upToDate() ? "up to date: " : "wrote ") + o.out() + " (" + o.rows()
          + " rows)");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
