package org.ascmr.cli;

import picocli.CommandLine.Option;

/** {@code --break-lock}, the same option on every command that takes the workspace lock. */
public final class BreakLockOption {
  @Option(names = "--break-lock", defaultValue = "false",
      description = "remove a stale workspace lock first, e.g. after a killed run (see docs/workspaces.md, 'Workspace lock')"
          + " (default: ${DEFAULT-VALUE})")
  boolean breakLock;

  public boolean breakLock() {
    return breakLock;
  }
}
