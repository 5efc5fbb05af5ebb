package org.ascmr.cli;

import picocli.CommandLine.Model.CommandSpec;

/** Small helpers the workspace commands share. */
final class Commands {
  private Commands() {}

  /** The sub-command and its arguments as typed, for the workspace lock and history. */
  static String line(CommandSpec spec) {
    StringBuilder b = new StringBuilder(spec.name());
    var parse = spec.commandLine().getParseResult();
    if (parse == null) return b.toString();
    // The arguments of the whole command line: keep those after this sub-command's name.
    var args = parse.originalArgs();
    int at = args.indexOf(spec.name());
    for (String a : args.subList(at + 1, args.size())) b.append(' ').append(a);
    return b.toString();
  }
}
