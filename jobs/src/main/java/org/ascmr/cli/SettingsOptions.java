package org.ascmr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The config file and overrides, the options every command that reads settings takes. Commands
 * that write an output take {@link CommonOptions}, which adds {@code --overwrite}; read-only ones
 * (status, config, evaluate) take this alone.
 */
public class SettingsOptions {
  @Option(names = "--conf", paramLabel = "<file>",
      description = "HOCON config file (e.g. conf/local.conf); without it the documented defaults apply")
  Path conf;

  @Option(names = "--set", paramLabel = "<key=value>", showDefaultValue = Visibility.NEVER,
      description = "override one config key, repeatable (e.g. --set train.maxEpochs=20); 'ascmr config' lists keys")
  List<String> overrides = new ArrayList<>();

  public Path conf() {
    return conf;
  }

  public List<String> overrides() {
    return overrides;
  }
}
