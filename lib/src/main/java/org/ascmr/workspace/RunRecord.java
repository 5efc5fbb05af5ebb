package org.ascmr.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.ascmr.io.Json;

/**
 * One command run on a workspace, as {@code history/} keeps it: what ran, who ran it, how it ended.
 *
 * @param exitCode the process exit code (0 = ok; see docs/user-guide.md "Exit codes")
 * @param message  one-line outcome or error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(String command, String startedAt, String finishedAt, String host, String user, int exitCode,
    String message) {
  public boolean failed() {
    return exitCode != 0;
  }

  public String toJson() {
    return Json.pretty(this);
  }

  public static RunRecord parse(String json, String path) {
    return Json.read(json, RunRecord.class, path);
  }
}
