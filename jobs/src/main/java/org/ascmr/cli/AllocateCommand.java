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
    description = {"Choose the round's batch of --budget unlabelled pairs: maximise informativeness minus",
        "lambda x the batch's semantic density (method.md §6), with the lazy greedy on the kNN graph or",
        "the cluster allocation solver; lambda = 0 is plain top-b. Writes the selection table (Parquet)",
        "plus " + SelectionTable.CSV + " and " + SelectionTable.JSONL + " for annotators in the same directory.",
        "Settings: allocate.* ('ascmr config' lists them)."})
public final class AllocateCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--scores", required = true, paramLabel = "<table>",
      description = "score artefact written by 'ascmr score' (its data/ table lists the candidates)")
  String scores;

  @Option(names = "--density", required = true, paramLabel = "<table>",
      description = "density table written by 'ascmr density' from the same scores")
  String density;

  @Option(names = "--budget", required = true, paramLabel = "<b>",
      description = "pairs to select, 1 .. number of unlabelled candidates")
  int budget;

  @Option(names = "--round", paramLabel = "<n>", defaultValue = "0",
      description = "active-learning round recorded in the selection (default: ${DEFAULT-VALUE})")
  int round;

  @Option(names = "--out", required = true, paramLabel = "<table>",
      description = "selection artefact to write (round, rank, id, informativeness, rho, gain, cluster)")
  String out;

  @Override
  public Integer call() {
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
