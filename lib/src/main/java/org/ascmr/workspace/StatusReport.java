package org.ascmr.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ascmr.io.Json;

/**
 * What {@code ascmr status} reports about a workspace: printed as text for people, as JSON
 * ({@code --json}) for schedulers.
 *
 * @param workspace        the workspace path
 * @param pool             the pool it works on
 * @param labelled         labelled ids (union of all ingestions)
 * @param labelledVal      how many of them are val pairs (labels for early stopping, not trained
 *                         on; export-selection --split val); -1 when the pool could not be read
 * @param labelledFresh    whether the materialised labelled/ table matches the labels manifest
 * @param ingestions       number of ingested labels files
 * @param lastIngestion    the latest ingestion (null if none)
 * @param rounds           each round with its stages
 * @param pending          the latest selection and how many of its ids still lack labels (null if none)
 * @param lock             the current lock holder (null if free)
 * @param lastFailures     the most recent failed commands and stages, newest first
 */
public record StatusReport(String workspace, WorkspacePool pool, long labelled, long labelledVal, boolean labelledFresh,
    int ingestions, LabelIngestion lastIngestion, List<RoundManifest> rounds, PendingSelection pending,
    LockRecord lock, List<Failure> lastFailures) {

  /** The selection annotators should be working on. */
  public record PendingSelection(int round, long selected, long unlabelled, boolean exported) {}

  /** A failed command (from history/) or stage (from a round manifest). */
  public record Failure(String when, String what, int exitCode, String message) {}

  public String toJson() {
    return Json.pretty(this);
  }

  public List<String> toText() {
    List<String> out = new ArrayList<>();
    out.add("workspace   " + workspace);
    out.add("pool        " + pool.rows() + " rows, " + pool.labelNames().size() + " labels, " + pool.mode()
        .name().toLowerCase(Locale.ROOT) + " of " + pool.source());
    out.add("labelled    " + labelled + " ids" + (labelledVal > 0 ? " (" + (labelled - labelledVal) + " train, "
        + labelledVal + " val)" : "") + " from " + ingestions + " ingestion(s)"
        + (labelledFresh ? "" : "  [labelled/ is stale: the next command that needs it rebuilds it]"));
    if (lastIngestion != null) {
      out.add("            last: #" + lastIngestion.seq() + " " + lastIngestion.source() + " at "
          + lastIngestion.ingestedAt() + " (+" + lastIngestion.rows() + " new, "
          + (lastIngestion.relabelled() == 0 ? "" : lastIngestion.relabelled() + " relabelled, ")
          + lastIngestion.rejected()
          + " rejected)");
    }
    if (rounds.isEmpty()) {
      out.add("rounds      none yet");
    } else {
      for (RoundManifest r : rounds) {
        StringBuilder b = new StringBuilder(String.format("round %-5d", r.round()));
        for (StageRecord s : r.stages()) {
          b.append(' ').append(s.stage()).append('=').append(s.status().name().toLowerCase(Locale.ROOT));
          if (s.status() == StageStatus.SUCCEEDED) {
            b.append(String.format(Locale.ROOT, "(%d rows, %.0f s)", s.rows(), s.seconds() == null ? 0 : s.seconds()));
          }
        }
        out.add(b.toString());
      }
    }
    if (pending == null) {
      out.add("pending     no selection yet");
    } else {
      out.add("pending     round " + pending.round() + ": " + pending.unlabelled() + " of " + pending.selected()
          + " selected ids still unlabelled" + (pending.exported() ? "" : " (not exported yet: ascmr export-selection)"));
    }
    out.add("lock        " + (lock == null ? "free" : "held by " + lock.user() + "@" + lock.host() + " pid " + lock.pid()
        + " running '" + lock.command() + "' since " + lock.startedAt()));
    if (lastFailures.isEmpty()) {
      out.add("failures    none");
    } else {
      for (Failure f : lastFailures) {
        out.add("failure     " + f.when() + " " + f.what() + " (exit " + f.exitCode() + "): " + f.message());
      }
    }
    return out;
  }
}
