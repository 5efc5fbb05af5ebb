package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.jobs.score.ScoreJob;
import org.ascmr.pmie.ScoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ascmr score}: informativeness of every unlabelled pair (method.md §4, §5). */
@Command(name = "score", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Train (or load) the probabilistic informativeness estimator and score every unlabelled"
        + " train pair: u_inter, u_v, u_t, the rank-normalised informativeness I, and the fused Gaussian"
        + " (mu, sigma, u) for the density stage.",
        "The estimator trains on the driver, on a seeded sample of at most score.sampleCap pairs collected"
            + " there; scoring runs partition by partition on the executors."})
public final class ScoreCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Mixin
  WorkspaceStageOptions inWorkspace;

  @Option(names = "--round", paramLabel = "<n>", description = "with --workspace: the round to score (default: none)")
  Integer round;

  @Option(names = "--pool", paramLabel = "<pool>", description = "pool table (ascmr extract); required without"
      + " --workspace")
  String pool;

  @Option(names = "--embeddings", paramLabel = "<table>",
      description = "embeddings table (ascmr embed); omit with --set score.useRawFeatures=true to score the pool's"
          + " raw features (round 0) (default: none)")
  String embeddings;

  @Option(names = "--labelled", paramLabel = "<table>",
      description = "labelled-set table; its ids are L, the other train ids are scored (default: every train pair"
          + " with ground-truth labels)")
  String labelled;

  @Option(names = "--model", paramLabel = "<dir>",
      description = "load this estimator (an informativeness-model artefact, e.g. <earlier scores>/model) instead"
          + " of training one (default: train)")
  String model;

  @Option(names = "--closed-form", defaultValue = "false",
      description = "score u_inter with the PCME++ closed-form match logit, no sampling; same as --set"
          + " score.closedForm=true (default: ${DEFAULT-VALUE})")
  boolean closedForm;

  @Option(names = "--out", paramLabel = "<table>", description = "output scores artefact; required without"
      + " --workspace")
  String out;

  @Override
  public Integer call() {
    if (closedForm) common.overrides().add(ScoreConfig.CLOSED_FORM.key() + "=true");
    if (inWorkspace.active()) {
      inWorkspace.checkInWorkspace(spec, round, WorkspaceStageOptions.options("--pool", pool, "--embeddings",
          embeddings, "--labelled", labelled, "--model", model, "--out", out));
      return inWorkspace.run(spec, common, "score", round, true, null);
    }
    WorkspaceStageOptions.requireOutsideWorkspace(spec, WorkspaceStageOptions.options("--pool", pool, "--out", out));
    try (JobEnv env = JobEnv.start(common)) {
      ScoreJob.Summary s = ScoreJob.run(env.spark(), env.config(),
          new ScoreJob.Request(pool, embeddings, labelled, model, out, env.partitions(), common.overwrite()));
      var o = spec.commandLine().getOut();
      if (s.upToDate()) {
        o.println(out + " is up to date");
      } else {
        if (s.training() != null) {
          o.printf("estimator: trained on the driver on %,d pairs (%,d held out), %d epochs (best %d, held-out"
              + " loss %.4f) in %.1f s%n", s.training().trainPairs(), s.training().heldOutPairs(),
              s.training().history().size(), s.training().bestEpoch(), s.training().bestHeldOutLoss(),
              s.training().seconds());
        } else {
          o.println("estimator: loaded from " + model);
        }
        o.printf("scored %,d unlabelled pairs in %.1f s (%,.0f pairs/s); fused vectors of %,d labelled pairs%n",
            s.unlabelled(), s.scoreSeconds(), s.pairsPerSecond(), s.labelled());
        o.println("wrote " + out);
      }
      return 0;
    }
  }
}
