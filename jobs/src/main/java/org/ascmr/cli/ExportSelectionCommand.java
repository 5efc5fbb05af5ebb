package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.workspace.ExportSelectionJob;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.jobs.workspace.Workspace;
import org.ascmr.jobs.workspace.WorkspaceRun;
import org.ascmr.workspace.RoundRef;
import org.ascmr.workspace.WorkspaceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Writes a round's selection in the formats annotators use. */
@Command(name = "export-selection", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Write the pairs a round selected as files for the annotators.",
        "selection.csv and selection.jsonl (id, image path, text, an empty labels column to fill in),",
        "label-studio-tasks.json and label-studio-config.xml.",
        "In a workspace: --workspace <ws> [--round <n>] writes rounds/<n>/export. Outside one:",
        "--selection <table> --pool <pool> --out <dir>. Image paths and texts come from the pool's pairs",
        "bundle (pairs.jsonl); a pool without one (import-mat) gets the ids only.",
        "--split val --count <n> (workspace only) exports a seeded sample (round.seed) of n val pairs without",
        "labels to <ws>/val-export/labels-<version>; ingest-labels takes their labels for early stopping."})
public final class ExportSelectionCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--workspace", paramLabel = "<ws>", description = "workspace directory")
  String workspace;

  @Option(names = "--round", paramLabel = "<n>|latest", defaultValue = RoundRef.LATEST,
      description = "round to export (workspace mode); latest = the newest round with a selection")
  String round;

  @Option(names = "--selection", paramLabel = "<table>", description = "selection artefact (without --workspace)")
  String selection;

  @Option(names = "--pool", paramLabel = "<pool dir>", description = "pool artefact (without --workspace)")
  String pool;

  @Option(names = "--out", paramLabel = "<dir>", description = "export directory to write (without --workspace)")
  String out;

  @Option(names = "--pairs", paramLabel = "<bundle dir>",
      description = "pairs bundle (directory with pairs.jsonl) if it moved since the pool was extracted;"
          + " default: the pool's recorded source")
  String pairs;

  @Option(names = "--split", paramLabel = "<split>", defaultValue = "train",
      description = "train = a round's selection; val = a seeded sample of unlabelled val pairs (--workspace only)")
  String split;

  @Option(names = "--count", paramLabel = "<n>", description = "with --split val: val pairs to export (default: 200)")
  Integer count;

  /** Val pairs --split val exports without --count. */
  public static final int DEFAULT_VAL_COUNT = 200;

  @Mixin
  BreakLockOption lock;

  @Override
  public Integer call() {
    boolean standalone = selection != null || pool != null || out != null;
    if (workspace == null && !(selection != null && pool != null && out != null)) {
      throw new ParameterException(spec.commandLine(),
          "give --workspace <ws> [--round <n>], or all of --selection, --pool and --out");
    }
    if (workspace != null && standalone) {
      throw new ParameterException(spec.commandLine(),
          "--selection/--pool/--out are for exports outside a workspace; with --workspace give --round only");
    }
    boolean val = "val".equals(split);
    if (!val && !"train".equals(split)) {
      throw new ParameterException(spec.commandLine(), "--split must be train or val, was '" + split + "'"
          + ("test".equals(split) ? " (test labels come with the pool, never from annotators)" : ""));
    }
    if (val && (workspace == null || spec.commandLine().getParseResult().hasMatchedOption("--round"))) {
      throw new ParameterException(spec.commandLine(), "--split val needs --workspace <ws> and takes no --round"
          + " (a val sample belongs to no round)");
    }
    if (!val && count != null) {
      throw new ParameterException(spec.commandLine(), "--count is for --split val (a round's selection is exported"
          + " whole)");
    }
    RoundRef ref = RoundRef.parse("--round", round);
    try (JobEnv env = JobEnv.start(common)) {
      WorkspaceConfig config = WorkspaceConfig.from(env.config());
      ArtifactStore store = Tables.store(env.spark());
      String pairsDir = pairs == null ? null : store.qualify(pairs);
      ExportSelectionJob.Result r;
      if (workspace == null) {
        r = ExportSelectionJob.run(env.spark(), store.qualify(selection), store.qualify(pool), pairsDir,
            store.qualify(out), config, common.overwrite(), null);
      } else {
        String wsPath = store.qualify(workspace);
        r = WorkspaceRun.locked(new StateFiles(store), wsPath, Commands.line(spec), lock.breakLock(), config.staleLockAge(),
            () -> {
              Workspace ws = Workspace.open(store, wsPath);
              if (val) {
                return ExportSelectionJob.runValInWorkspace(env.spark(), ws, count == null ? DEFAULT_VAL_COUNT : count,
                    org.ascmr.workspace.RoundConfig.from(env.config()).seed(), pairsDir, config, common.overwrite());
              }
              int n = ref.resolve(ws.roundsWithSelection(), wsPath);
              return ExportSelectionJob.runInWorkspace(env.spark(), ws, n, pairsDir, config, common.overwrite());
            }, ExportSelectionCommand::describe);
      }
      PrintWriter o = spec.commandLine().getOut();
      if (r.note() != null) o.println("note: " + r.note());
      o.println(describe(r));
      o.flush();
      return 0;
    }
  }

  static String describe(ExportSelectionJob.Result r) {
    return (r.upToDate() ? "up to date: " : "exported ") + r.items() + (r.round() < 0 ? " val pairs" : " pairs of round "
        + r.round()) + " to " + r.out()
        + (r.withBundle() ? " (csv, jsonl, Label Studio tasks + config)" : " (ids only)");
  }
}
