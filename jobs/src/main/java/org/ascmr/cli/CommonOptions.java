package org.ascmr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every stage command takes: the config file, overrides, and the overwrite switch. */
public final class CommonOptions {
  @Option(names = "--conf", paramLabel = "<file>",
      description = "HOCON config file (e.g. conf/local.conf); without it the documented defaults apply")
  Path conf;

  @Option(names = "--set", paramLabel = "<key=value>",
      description = "override one config key, repeatable (e.g. --set train.maxEpochs=20); 'ascmr config' lists keys")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--overwrite", defaultValue = "false",
      description = "replace an existing output made with other settings or inputs (default: ${DEFAULT-VALUE})")
  boolean overwrite;

  public Path conf() {
    return conf;
  }

  public List<String> overrides() {
    return overrides;
  }

  public boolean overwrite() {
    return overwrite;
  }
}
