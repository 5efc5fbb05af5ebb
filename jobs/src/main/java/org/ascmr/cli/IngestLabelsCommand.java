package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.workspace.IngestLabelsJob;
import org.ascmr.jobs.workspace.StateFiles;
import org.ascmr.jobs.workspace.Workspace;
import org.ascmr.jobs.workspace.WorkspaceRun;
import org.ascmr.labelling.BadRow;
import org.ascmr.workspace.WorkspaceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Appends annotators' labels to a workspace. */
@Command(name = "ingest-labels", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {"Validate the annotators' labels files and append them to the workspace's labels.",
        "Labels are append-only; <ws>/labelled is rebuilt after each file. Accepts our CSV (columns id,",
        "labels; names separated by '|'), our JSONL",
        "({\"id\", \"labels\": [...]}) and Label Studio JSON exports of the tasks export-selection wrote.",
        "A directory stands for its .csv/.jsonl/.json files in name order. Each file is appended atomically;",
        "the same file again is a no-op."})
public final class IngestLabelsCommand implements Callable<Integer> {
  /** Bad rows printed before the rest are summarised. */
  static final int BAD_ROWS_SHOWN = 50;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Option(names = "--workspace", required = true, paramLabel = "<ws>", description = "workspace directory")
  String workspace;

  @Parameters(arity = "1..*", paramLabel = "<file>", description = "labels file(s) or directories of them")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--on-bad-row", defaultValue = "fail", paramLabel = "fail|skip",
      description = "fail: any bad row (unknown id, id not in the pool or not train, label not in the vocabulary,"
          + " empty labels, conflicting labels, malformed row) stops the file and nothing of it is ingested;"
          + " skip: ingest the good rows and keep the bad ones in labels/NNNNNN.rejects.jsonl")
  BadRowPolicy onBadRow;

  @Mixin
  BreakLockOption lock;

  @Override
  public Integer call() {
    try (JobEnv env = JobEnv.start(common)) {
      WorkspaceConfig config = WorkspaceConfig.from(env.config());
      ArtifactStore store = Tables.store(env.spark());
      String wsPath = store.qualify(workspace);
      StateFiles files = new StateFiles(store);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<IngestLabelsJob.Outcome> outcomes = WorkspaceRun.locked(files, wsPath, Commands.line(spec), lock.breakLock(),
          config.staleLockAge(), () -> {
            Workspace ws = Workspace.open(store, wsPath);
            ws.poolMetadata();
            List<IngestLabelsJob.Outcome> done = new ArrayList<>();
            for (String file : IngestLabelsJob.expand(files, inputs.stream().map(store::qualify).toList())) {
              IngestLabelsJob.Prepared p = IngestLabelsJob.prepare(env.spark(), ws, file);
              printBad(err, file, p.bad());
              IngestLabelsJob.Outcome o = IngestLabelsJob.commit(env.spark(), ws, p, onBadRow);
              out.println(describe(o));
              out.flush();
              done.add(o);
            }
            return done;
          }, done -> done.stream().map(IngestLabelsCommand::describe).reduce((a, b) -> a + "; " + b).orElse("no files"));
      if (outcomes.isEmpty()) out.println("no labels files (.csv, .jsonl, .json) in " + inputs + ": nothing to do");
      out.flush();
      return 0;
    }
  }

  static String describe(IngestLabelsJob.Outcome o) {
    var i = o.ingestion();
    if (o.alreadyIngested()) {
      return o.file() + ": already ingested as #" + i.seq() + " at " + i.ingestedAt() + " (same content): nothing to do";
    }
    return o.file() + ": ingested as #" + i.seq() + ": " + i.rows() + " newly labelled, " + i.unchanged()
        + " unchanged, " + i.rejected() + " rejected" + (i.rejectsFile() == null ? "" : " (see labels/" + i.rejectsFile()
        + ")") + "; " + i.labelledTotal() + " labelled in all";
  }

  private static void printBad(PrintWriter err, String file, List<BadRow> bad) {
    for (int i = 0; i < Math.min(bad.size(), BAD_ROWS_SHOWN); i++) err.println(file + ", " + bad.get(i).describe());
    if (bad.size() > BAD_ROWS_SHOWN) err.println(file + ": ... and " + (bad.size() - BAD_ROWS_SHOWN) + " more bad rows");
    err.flush();
  }
}
