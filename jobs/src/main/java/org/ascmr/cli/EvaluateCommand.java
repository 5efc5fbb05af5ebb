package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.cca.CcaConfig;
import org.ascmr.io.Json;
import org.ascmr.jobs.evaluate.CcaEvaluation;
import org.ascmr.jobs.evaluate.EvaluationResult;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.train.ModelEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Scores a retrieval method on a pool's test and val splits with mAP@all and prints JSON on
 * stdout (logs go to stderr). A new method is one more {@link Method} constant, its options, and
 * one case below that builds its {@link org.ascmr.jobs.evaluate.PairEmbedder}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Score a retrieval method on the pool's test and val splits with mAP@all (I2T, T2I, mean).",
        "Prints JSON on stdout: {\"test\": {\"i2t\", \"t2i\", \"mean\", ...}, \"val\": {...}, ...}.",
        "cca: linear CCA fitted on the train pairs; cca.dims/cca.ridge candidates are chosen on val.",
        "model: a retrieval model trained by 'ascmr train' (--model <dir>). --out <file> writes the JSON too."})
public final class EvaluateCommand implements Callable<Integer> {
  /** The methods {@code --method} accepts. */
  public enum Method {
    /** Linear CCA fitted on the pool's train pairs (unsupervised baseline). */
    CCA,
    /** A retrieval model trained by {@code ascmr train}. */
    MODEL
  }

  @Mixin
  SettingsOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--pool", required = true, paramLabel = "<pool>",
      description = "pool table written by 'ascmr extract' or 'ascmr import-mat'")
  String pool;

  @Option(names = "--method", paramLabel = "<method>",
      description = "what to evaluate: ${COMPLETION-CANDIDATES} (default: model when --model is given, else cca)")
  Method method;

  @Option(names = "--model", paramLabel = "<dir>", description = "model directory written by 'ascmr train'")
  String model;

  @Option(names = "--labelled", paramLabel = "<table>",
      description = "labelled-set table (id, labels); checked against the pool and reported. "
          + "Default: all labelled train rows. cca is unsupervised and does not use it")
  String labelled;

  @Option(names = "--out", paramLabel = "<file.json>",
      description = "also write the JSON to this file (any Hadoop path), atomically: a reader sees the old file or"
          + " the whole new one, never a partial one")
  String out;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      Method m = method != null ? method : model != null ? Method.MODEL : Method.CCA;
      if (m == Method.MODEL && model == null) {
        throw new ParameterException(spec.commandLine(), "--method model needs --model <dir>");
      }
      if (m != Method.MODEL && model != null) {
        throw new ParameterException(spec.commandLine(), "--model is only used with --method model");
      }
      CcaConfig cca = CcaConfig.from(env.config());
      PoolTable table = PoolTable.read(env.spark(), pool);
      EvaluationResult result = switch (m) {
        case CCA -> CcaEvaluation.run(env.spark(), table, cca, labelled);
        case MODEL -> ModelEvaluation.run(env.spark(), table, model, labelled);
      };
      String json = Json.pretty(result.toJson());
      if (out != null) {
        org.ascmr.jobs.io.ArtifactStore store = org.ascmr.jobs.io.Tables.store(env.spark());
        new org.ascmr.jobs.workspace.StateFiles(store).replace(store.qualify(out), json + "\n");
      }
      spec.commandLine().getOut().println(json);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
