package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.workspace.RoundJob;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.jobs.workspace.Workspace;
import org.ascmr.jobs.workspace.WorkspaceRun;
import org.ascmr.workspace.WorkspaceConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that run a stage command inside a workspace ({@code --workspace <ws> --round <n>}):
 * inputs and output are resolved from the workspace's round directory, the run holds the
 * workspace lock and is recorded in the round's manifest, with the rules of {@code ascmr round}
 * (this is what the per-stage Airflow DAG and Kubernetes manifests call).
 */
public final class WorkspaceStageOptions {
  @Option(names = "--workspace", paramLabel = "<ws>",
      description = "run this stage of round --round in a workspace: inputs and output come from <ws>/rounds/<n>/,"
          + " the run is recorded in its manifest under the workspace lock (see 'ascmr round'); path options are then"
          + " not given (default: none, paths as given)")
  String workspace;

  @Mixin
  BreakLockOption lock;

  public boolean active() {
    return workspace != null;
  }

  /**
   * Outside a workspace: the options a stage needs must all be given (picocli cannot require them,
   * since with --workspace they must not be). {@code values} maps option name to its value.
   */
  static void requireOutsideWorkspace(CommandSpec spec, Map<String, Object> values) {
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getValue() == null) {
        OptionSpec o = spec.findOption(e.getKey());
        throw new ParameterException(spec.commandLine(), "Missing required option: '" + e.getKey() + "="
            + o.paramLabel() + "' (or run it in a workspace: --workspace <ws> --round <n>)");
      }
    }
  }

  /** With --workspace: none of the path options may be given, and --round must be. */
  void checkInWorkspace(CommandSpec spec, Integer round, Map<String, Object> pathOptions) {
    if (round == null) {
      throw new ParameterException(spec.commandLine(), "--workspace needs --round <n>: the round whose "
          + spec.name() + " stage to run");
    }
    for (Map.Entry<String, Object> e : pathOptions.entrySet()) {
      if (e.getValue() != null) {
        throw new ParameterException(spec.commandLine(), e.getKey() + " is resolved from the workspace; with"
            + " --workspace give --round only");
      }
    }
  }

  /** Runs {@code stage} of round {@code round} in the workspace and prints one line per step. */
  int run(CommandSpec spec, CommonOptions common, String stage, int round, boolean resume, Integer budget) {
    try (JobEnv env = JobEnv.start(common)) {
      RoundJob.validateSettings(env.config());
      WorkspaceConfig config = WorkspaceConfig.from(env.config());
      ArtifactStore store = Tables.store(env.spark());
      String wsPath = store.qualify(workspace);
      RoundJob.Options options = new RoundJob.Options(round, common.overwrite(), null, env.partitions(), resume,
          budget);
      List<RoundJob.StageResult> done = WorkspaceRun.locked(new StateFiles(store), wsPath, Commands.line(spec),
          lock.breakLock(), config.staleLockAge(),
          () -> RoundJob.runStage(env.spark(), env.config(), Workspace.open(store, wsPath), options, stage),
          d -> describe(round, d.get(d.size() - 1)));
      PrintWriter out = spec.commandLine().getOut();
      for (RoundJob.StageResult r : done) out.println("round " + round + " " + r.describe());
      out.flush();
      return 0;
    }
  }

  static String describe(int round, RoundJob.StageResult r) {
    return "round " + round + " " + r.stage() + ": " + (r.ran() ? "ran" : "up to date") + ", " + r.rows() + " rows";
  }

  /** An insertion-ordered map for the option checks above. */
  static Map<String, Object> options(Object... nameValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) m.put((String) nameValue[i], nameValue[i + 1]);
    return m;
  }
}
