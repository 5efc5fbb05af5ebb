package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.density.DensityConfig;
import org.ascmr.jobs.density.DensityJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ascmr density}: kNN graph of the unit vectors u over U and L, and the density rho. */
@Command(name = "density", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Build the kNN graph of the scored pairs and write each pair's semantic density rho.",
        "The graph of the score artefact's unit vectors u (unlabelled and labelled) is built with an IVF",
        "index in Spark and its recall@k measured against exact search on sampled queries; each pair gets",
        "its symmetrised neighbour list and density rho (docs/method.md).",
        "Settings: density.* ('ascmr config' lists them)."})
public final class DensityCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Mixin
  WorkspaceStageOptions inWorkspace;

  @Option(names = "--round", paramLabel = "<n>", description = "with --workspace: the round (default: none)")
  Integer round;

  @Option(names = "--scores", paramLabel = "<table>",
      description = "score artefact written by 'ascmr score' (data/ = unlabelled with u, labelled/ = labelled with u);"
          + " required without --workspace")
  String scores;

  @Option(names = "--out", paramLabel = "<table>",
      description = "density table to write (id, labelled, cluster, rho, neighbors, similarities); required without"
          + " --workspace")
  String out;

  @Override
  public Integer call() {
    if (inWorkspace.active()) {
      inWorkspace.checkInWorkspace(spec, round, WorkspaceStageOptions.options("--scores", scores, "--out", out));
      return inWorkspace.run(spec, common, "density", round, true, null);
    }
    WorkspaceStageOptions.requireOutsideWorkspace(spec, WorkspaceStageOptions.options("--scores", scores, "--out", out));
    try (JobEnv env = JobEnv.start(common)) {
      DensityConfig.from(env.config()); // bad settings fail before Spark starts
      DensityJob.Outcome o = DensityJob.run(env.spark(), env.config(), scores, out, common.overwrite(),
          env.partitions());
      if (o.upToDate()) {
        spec.commandLine().getOut().println("density: " + out + " is up to date");
      } else {
        var s = o.stats();
        spec.commandLine().getOut().println(String.format(
            "density: %,d items, %d clusters, nprobe %d, recall@%d %.4f on %d sampled queries -> %s",
            s.items(), s.clusters(), s.nprobe(), DensityConfig.from(env.config()).k(), s.recall(), s.recallQueries(),
            out));
      }
      return 0;
    }
  }
}
