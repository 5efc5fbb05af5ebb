package org.ascmr.workspace;

import java.util.List;

/**
 * The pool part of workspace.json.
 *
 * @param mode        copy (path is "pool", inside the workspace) or reference (absolute path)
 * @param path        where the pool artefact is: relative to the workspace for copy mode
 * @param source      the pool directory given to {@code ascmr init}
 * @param fingerprint the pool metadata's fingerprint when the workspace was made
 * @param rows        pool rows
 * @param labelNames  the label vocabulary (multi-hot order) every labels file is checked against
 */
public record WorkspacePool(PoolMode mode, String path, String source, String fingerprint, long rows,
    List<String> labelNames) {
  public WorkspacePool {
    labelNames = labelNames == null ? List.of() : List.copyOf(labelNames);
  }
}
