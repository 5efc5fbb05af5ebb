package org.ascmr.cli;

import picocli.CommandLine.Option;

/** Options every stage command that writes an output takes: the config file, overrides, and the overwrite switch. */
public final class CommonOptions extends SettingsOptions {
  @Option(names = "--overwrite", defaultValue = "false",
      description = "replace an existing output made with other settings or inputs (default: ${DEFAULT-VALUE})")
  boolean overwrite;

  public boolean overwrite() {
    return overwrite;
  }
}
