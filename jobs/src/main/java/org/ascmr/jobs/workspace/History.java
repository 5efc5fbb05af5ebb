package org.ascmr.jobs.workspace;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ascmr.workspace.RunRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code history/}: one small JSON file per command run on the workspace, named by start time so
 * a listing is chronological. Nothing rewrites them; status reads the newest.
 */
public final class History {
  private static final Logger LOG = LoggerFactory.getLogger(History.class);
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final StateFiles files;
  private final String dir;

  History(StateFiles files, String dir) {
    this.files = files;
    this.dir = dir;
  }

  /** Appends {@code run}; a failure to write history is logged, never fatal. */
  public void record(RunRecord run) {
    String command = run.command().split(" ", 2)[0].replaceAll("[^A-Za-z0-9-]", "");
    String name = NAME_TIME.format(Instant.parse(run.startedAt())) + "-" + command + "-"
        + UUID.randomUUID().toString().substring(0, 8) + ".json";
    try {
      files.publish(dir + "/" + name, run.toJson());
    } catch (RuntimeException e) {
      LOG.warn("could not record the run in {}: {}", dir, e.getMessage());
    }
  }

  /** The newest {@code n} records, newest first. */
  public List<RunRecord> newest(int n) {
    List<String> names = files.list(dir);
    List<RunRecord> out = new ArrayList<>();
    for (int i = names.size() - 1; i >= 0 && out.size() < n; i--) {
      if (!names.get(i).endsWith(".json")) continue;
      String p = dir + "/" + names.get(i);
      try {
        out.add(RunRecord.parse(files.read(p).orElseThrow(), p));
      } catch (RuntimeException e) {
        LOG.warn("skipping unreadable history record {}: {}", p, e.getMessage());
      }
    }
    return out;
  }
}
