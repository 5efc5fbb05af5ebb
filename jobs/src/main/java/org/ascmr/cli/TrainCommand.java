package org.ascmr.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ascmr.io.Json;
import org.ascmr.jobs.train.TrainJob;
import org.ascmr.jobs.train.TrainSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains the retrieval model on a pool's labelled rows. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Train the retrieval model (docs/method.md) on a pool's labelled train rows, data-parallel over "
        + "Spark (synchronous parameter averaging), with early stopping and model selection on the val split.",
        "Writes a retrieval-model directory (model.json, model.sd, summary.json, metadata.json); prints the "
            + "summary's headline numbers as JSON. Settings: the train.* keys ('ascmr config')."})
public final class TrainCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Mixin
  WorkspaceStageOptions inWorkspace;

  @Option(names = "--round", paramLabel = "<n>", description = "with --workspace: the round to train (default: none)")
  Integer round;

  @Option(names = "--pool", paramLabel = "<pool>",
      description = "pool table (from ascmr extract or import-mat); required without --workspace")
  String pool;

  @Option(names = "--out", paramLabel = "<model dir>",
      description = "model directory to write; required without --workspace")
  String out;

  @Option(names = "--labelled", paramLabel = "<table>",
      description = "labelled-set table (id, labels) (default: every train row of the pool with a label)")
  String labelled;

  @Option(names = "--warm-start", paramLabel = "<model dir>",
      description = "start from this model's weights; same sizes and labels required (default: fresh weights)")
  String warmStart;

  @Option(names = "--resume", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "continue from the last checkpoint of an interrupted run with the same settings and inputs; "
          + "--no-resume starts over (default: ${DEFAULT-VALUE})")
  boolean resume;

  @Override
  public Integer call() {
    if (inWorkspace.active()) {
      inWorkspace.checkInWorkspace(spec, round, WorkspaceStageOptions.options("--pool", pool, "--out", out,
          "--labelled", labelled, "--warm-start", warmStart));
      return inWorkspace.run(spec, common, "train", round, resume, null);
    }
    WorkspaceStageOptions.requireOutsideWorkspace(spec, WorkspaceStageOptions.options("--pool", pool, "--out", out));
    try (JobEnv env = JobEnv.start(common)) {
      TrainJob.Outcome o = TrainJob.run(env.spark(), env.config(),
          new TrainJob.Request(pool, labelled, out, warmStart, resume, common.overwrite(), 0));
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("out", o.out());
      line.put("upToDate", o.upToDate());
      TrainSummary s = o.summary();
      if (s != null) {
        line.put("labelledRows", s.labelledRows());
        line.put("workers", s.workers());
        line.put("epochs", s.epochs());
        line.put("bestEpoch", s.bestEpoch());
        line.put("val", s.val());
        if (s.test() != null) line.put("test", s.test());
        line.put("secondsPerEpoch", s.secondsPerEpoch());
        line.put("rowsPerSecond", s.rowsPerSecond());
      }
      spec.commandLine().getOut().println(Json.compact(line));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
