package org.ascmr.cli;

import picocli.CommandLine.Model.CommandSpec;

/** Small helpers the workspace commands share. */
final class Commands {
  private Commands() {}

  /** The sub-command and its arguments as typed, for the workspace lock and history. */
  static String line(CommandSpec spec) {
    StringBuilder b = new StringBuilder(spec.name());
    var parse = spec.commandLine().getParseResult();
    if (parse != null) for (String a : parse.originalArgs()) b.append(' ').append(a);
    return b.toString();
  }
}
