package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.allocate.AllocateConfig;
import org.ascmr.jobs.allocate.AllocateJob;
import org.ascmr.jobs.allocate.SelectionTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ascmr allocate}: the density-aware choice of the round's batch. */
@Command(name = "allocate", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Choose the round's batch of --budget unlabelled pairs to label.",
        "It maximises informativeness minus lambda x the batch's semantic density (docs/method.md), with the",
        "lazy greedy on the kNN graph or the cluster allocation solver; lambda = 0 is plain top-b.",
        "Writes the selection table (Parquet) plus " + SelectionTable.CSV + " and " + SelectionTable.JSONL + " for annotators in the same directory.",
        "Settings: allocate.* ('ascmr config' lists them)."})
public final class AllocateCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Mixin
  WorkspaceStageOptions inWorkspace;

  @Option(names = "--scores", paramLabel = "<table>",
      description = "score artefact written by 'ascmr score' (its data/ table lists the candidates); required without"
          + " --workspace")
  String scores;

  @Option(names = "--density", paramLabel = "<table>",
      description = "density table written by 'ascmr density' from the same scores; required without --workspace")
  String density;

  @Option(names = "--budget", paramLabel = "<b>",
      description = "pairs to select, 1 .. number of unlabelled candidates; required without --workspace (in one:"
          + " round.budget)")
  Integer budget;

  @Option(names = "--round", paramLabel = "<n>", defaultValue = "0",
      description = "active-learning round recorded in the selection; with --workspace the round to run (then"
          + " required)")
  int round;

  @Option(names = "--out", paramLabel = "<table>",
      description = "selection artefact to write (round, rank, id, informativeness, rho, gain, cluster); required"
          + " without --workspace")
  String out;

  @Override
  public Integer call() {
    if (inWorkspace.active()) {
      boolean roundGiven = spec.commandLine().getParseResult() != null
          && spec.commandLine().getParseResult().hasMatchedOption("--round");
      inWorkspace.checkInWorkspace(spec, roundGiven ? round : null, WorkspaceStageOptions.options("--scores", scores,
          "--density", density, "--out", out));
      return inWorkspace.run(spec, common, "allocate", round, true, budget);
    }
    WorkspaceStageOptions.requireOutsideWorkspace(spec, WorkspaceStageOptions.options("--scores", scores, "--density",
        density, "--budget", budget, "--out", out));
    try (JobEnv env = JobEnv.start(common)) {
      AllocateConfig.from(env.config()); // bad settings fail before Spark starts
      AllocateJob.Outcome o = AllocateJob.run(env.spark(), env.config(), scores, density, budget, round, out,
          common.overwrite());
      if (o.upToDate()) {
        spec.commandLine().getOut().println("allocate: " + out + " is up to date");
      } else {
        spec.commandLine().getOut().println(String.format(
            "allocate: picked %d of %,d candidates (objective %.4f, solve %.3f s) -> %s", budget, o.candidates(),
            o.allocation().objective(), o.seconds().get("solve"), out));
      }
      return 0;
    }
  }
}
