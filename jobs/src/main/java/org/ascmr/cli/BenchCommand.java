package org.ascmr.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ascmr bench}: parent of the benchmark commands. Benchmarks measure speed and quality on
 * SYNTHETIC data (encode: on REAL pairs) and say which in their output; they are not tests. Add a
 * benchmark by listing its command class in {@code subcommands}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks; not tests. Each says in its output whether its data is SYNTHETIC or REAL.",
        "Run 'ascmr bench <name> --help' for each benchmark's options."},
    subcommands = {BenchScoreCommand.class, BenchDensityCommand.class, BenchAllocateCommand.class,
        BenchEncodeCommand.class, BenchRoundCommand.class})
public final class BenchCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing benchmark name; see 'ascmr bench --help'");
  }
}
