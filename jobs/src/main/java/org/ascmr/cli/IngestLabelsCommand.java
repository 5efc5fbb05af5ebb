package org.ascmr.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.error.BadInputException;
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
        "Labels are append-only (--relabel records corrections); <ws>/labelled is rebuilt after each file.",
        "Accepts our CSV (columns id,",
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

  @Option(names = "--quarantine", paramLabel = "<dir>",
      description = "move a file refused as bad input to <dir>, with its error report as <file>.error.txt,"
          + " and go on with the next file (the call then succeeds): for schedulers, so that one bad file does not"
          + " block every later run. Without it a bad file stops the call with exit code 3")
  String quarantine;

  @Option(names = "--relabel",
      description = "accept a row whose id already has other labels as a correction instead of refusing it as a"
          + " conflict: the labelled set takes each id's labels from its latest ingestion; earlier files stay as they"
          + " were (the manifest records how many ids each ingestion relabelled)")
  boolean relabel;

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
      List<String> quarantined = new ArrayList<>();
      List<IngestLabelsJob.Outcome> outcomes = WorkspaceRun.locked(files, wsPath, Commands.line(spec), lock.breakLock(),
          config.staleLockAge(), () -> {
            Workspace ws = Workspace.open(store, wsPath);
            ws.poolMetadata();
            List<IngestLabelsJob.Outcome> done = new ArrayList<>();
            for (String file : IngestLabelsJob.expand(files, inputs.stream().map(store::qualify).toList())) {
              IngestLabelsJob.Prepared p = null;
              try {
                p = IngestLabelsJob.prepare(env.spark(), ws, file, relabel);
                printBad(err, file, p.bad());
                IngestLabelsJob.Outcome o = IngestLabelsJob.commit(env.spark(), ws, p, onBadRow);
                out.println(describe(o));
                out.flush();
                done.add(o);
              } catch (BadInputException e) {
                if (quarantine == null) throw afterEarlier(e, done);
                String moved = quarantine(files, store.qualify(quarantine), file, e, p == null ? List.of() : p.bad());
                err.println(file + ": quarantined to " + moved + " (report " + moved + ".error.txt): " + e.getMessage());
                err.flush();
                out.println(file + ": quarantined to " + moved + "; nothing of it was ingested");
                out.flush();
                quarantined.add(file);
              }
            }
            return done;
          }, done -> done.stream().map(IngestLabelsCommand::describe).reduce((a, b) -> a + "; " + b).orElse("no files")
              + (quarantined.isEmpty() ? "" : "; quarantined " + quarantined));
      if (outcomes.isEmpty() && quarantined.isEmpty()) {
        out.println("no labels files (.csv, .jsonl, .json) in " + inputs + ": nothing to do");
      }
      out.flush();
      return 0;
    }
  }

  static String describe(IngestLabelsJob.Outcome o) {
    var i = o.ingestion();
    if (o.alreadyIngested()) {
      return o.file() + ": already ingested as #" + i.seq() + " at " + i.ingestedAt() + " (same content): nothing to do";
    }
    return o.file() + ": ingested as #" + i.seq() + ": " + i.rows() + " newly labelled, "
        + (i.relabelled() == 0 ? "" : i.relabelled() + " relabelled, ") + i.unchanged()
        + " unchanged, " + i.rejected() + " rejected" + (i.rejectsFile() == null ? "" : " (see labels/" + i.rejectsFile()
        + ")") + "; " + i.labelledTotal() + " labelled in all";
  }

  /**
   * A file refused after earlier files of the same call were ingested: its message says so, since
   * those stay ingested (each file is appended on its own).
   */
  static BadInputException afterEarlier(BadInputException e, List<IngestLabelsJob.Outcome> done) {
    List<String> ingested = done.stream().filter(o -> !o.alreadyIngested())
        .map(o -> o.file() + " as #" + o.ingestion().seq()).toList();
    if (ingested.isEmpty()) return e;
    return new BadInputException(e.file(), e.row(), e.field(), e.problem() + "; the earlier file(s) of this call stay"
        + " ingested: " + String.join(", ", ingested), e);
  }

  /** Moves a refused file into the quarantine directory and writes its error report next to it. */
  static String quarantine(StateFiles files, String dir, String file, BadInputException e, List<BadRow> bad) {
    String moved = files.moveInto(file, dir);
    StringBuilder report = new StringBuilder("ascmr ingest-labels refused ").append(file).append(" at ")
        .append(java.time.Instant.now()).append(" (exit code 3 without --quarantine); nothing of it was ingested.\n")
        .append(e.getMessage()).append('\n');
    if (!bad.isEmpty()) {
      report.append(bad.size()).append(" bad row(s):\n");
      for (BadRow b : bad) report.append(b.describe()).append('\n');
    }
    report.append("Fix the file and drop it into the inbox again (or ingest it with --on-bad-row skip).\n");
    files.publish(moved + ".error.txt", report.toString());
    return moved;
  }

  private static void printBad(PrintWriter err, String file, List<BadRow> bad) {
    for (int i = 0; i < Math.min(bad.size(), BAD_ROWS_SHOWN); i++) err.println(file + ", " + bad.get(i).describe());
    if (bad.size() > BAD_ROWS_SHOWN) err.println(file + ": ... and " + (bad.size() - BAD_ROWS_SHOWN) + " more bad rows");
    err.flush();
  }
}
