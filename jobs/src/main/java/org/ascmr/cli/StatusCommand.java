package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.workspace.Workspace;
import org.ascmr.jobs.workspace.WorkspaceStatus;
import org.ascmr.workspace.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the state of a workspace. */
@Command(name = "status", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Print a workspace's state; reads only and takes no lock.",
        "Pool, labelled count, ingestions, rounds and their stages, the pending selection, the lock holder",
        "and the last failures."})
public final class StatusCommand implements Callable<Integer> {
  @Mixin
  SettingsOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--workspace", required = true, paramLabel = "<ws>", description = "workspace directory")
  String workspace;

  @Option(names = "--json", defaultValue = "false",
      description = "print the report as JSON (for schedulers and scripts) (default: ${DEFAULT-VALUE})")
  boolean json;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      ArtifactStore store = Tables.store(env.spark());
      Workspace ws = Workspace.open(store, store.qualify(workspace));
      StatusReport report = WorkspaceStatus.gather(env.spark(), ws);
      if (json) {
        spec.commandLine().getOut().println(report.toJson());
      } else {
        report.toText().forEach(spec.commandLine().getOut()::println);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
