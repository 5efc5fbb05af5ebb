package org.ascmr.cli;

import java.util.concurrent.Callable;
import org.ascmr.config.ConfigSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists every configuration key with its effective value, meaning and valid range. */
@Command(name = "config", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "List every config key with its effective value (after --conf and --set), meaning and range.")
public final class ConfigCommand implements Callable<Integer> {
  @Mixin
  SettingsOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ConfigSource config = SettingsCatalog.load(common.conf(), common.overrides());
    for (String line : config.describeAll(SettingsCatalog.all())) spec.commandLine().getOut().println(line);
    config.sparkProperties().forEach((k, v) ->
        spec.commandLine().getOut().println(String.format("%-34s = %s", ConfigSource.SPARK_PASSTHROUGH + "." + k, v)));
    return 0;
  }
}
