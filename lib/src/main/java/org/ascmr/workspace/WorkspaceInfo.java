package org.ascmr.workspace;

import java.util.Map;
import org.ascmr.AscmrVersion;
import org.ascmr.error.StateException;
import org.ascmr.io.Json;

/**
 * Content of {@code <ws>/workspace.json}: says the directory is an ascmr workspace, which format,
 * which pool, and (for a reader without this code) what each entry of the layout holds.
 */
public record WorkspaceInfo(String kind, int formatVersion, String ascmr, String createdAt, WorkspacePool pool,
    Map<String, String> layout) {
  public static final String KIND = "ascmr-workspace";
  public static final int FORMAT_VERSION = 1;

  public static WorkspaceInfo create(WorkspacePool pool, String createdAt) {
    return new WorkspaceInfo(KIND, FORMAT_VERSION, AscmrVersion.VERSION, createdAt, pool, WorkspaceLayout.describe());
  }

  public String toJson() {
    return Json.pretty(this);
  }

  /** Parses workspace.json read from {@code path}; a foreign or newer file is refused. */
  public static WorkspaceInfo parse(String json, String path) {
    WorkspaceInfo info = Json.read(json, WorkspaceInfo.class, path);
    if (!KIND.equals(info.kind())) {
      throw new StateException(path, "is not an ascmr workspace file (kind '" + info.kind() + "', expected '"
          + KIND + "')");
    }
    if (info.formatVersion() > FORMAT_VERSION) {
      throw new StateException(path, "workspace format " + info.formatVersion() + " is newer than this build reads ("
          + FORMAT_VERSION + "); upgrade ascmr");
    }
    if (info.pool() == null || info.pool().path() == null) {
      throw new StateException(path, "has no pool.path");
    }
    return info;
  }
}
