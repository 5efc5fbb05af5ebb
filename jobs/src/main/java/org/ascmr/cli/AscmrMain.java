package org.ascmr.cli;

import java.io.PrintWriter;
import org.ascmr.AscmrVersion;
import org.ascmr.error.AscmrException;
import org.ascmr.error.ExitCodes;
import org.ascmr.jobs.io.ReadFailures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/** The {@code ascmr} command: one sub-command per stage. */
@Command(name = "ascmr", mixinStandardHelpOptions = true, versionProvider = AscmrMain.Version.class,
    description = "Active supervised cross-modal retrieval on Spark: pick the image-text pairs worth labelling.",
    subcommands = {
        ConfigCommand.class,
        DescribeCommand.class,
        ExtractCommand.class,
        ImportMatCommand.class,
        EvaluateCommand.class,
        ExperimentCommand.class,
        InitCommand.class,
        StatusCommand.class,
        ExportSelectionCommand.class,
        IngestLabelsCommand.class,
        RoundCommand.class,
        TrainCommand.class,
        EmbedCommand.class,
        ScoreCommand.class,
        DensityCommand.class,
        AllocateCommand.class,
        BenchCommand.class,
    },
    footer = {"", "Exit codes, the same for every command (docs/user-guide.md#exit-codes):",
        "0 ok or up to date, 1 internal failure (retry may help),",
        "2 usage or setting error (checked before Spark starts), 3 bad data in an input,",
        "4 state: an input that does not exist (pool, model, bundle, labels file),",
        "an output that exists, a lock held, a wrong artefact kind."})
public final class AscmrMain implements Runnable {

  @Override
  public void run() {
    throw new ParameterException(new CommandLine(this), "missing command; see 'ascmr --help'");
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (OutOfMemoryError e) {
      // Errors pass picocli's exception handler: name the limit here, before the JVM exits.
      String advice = MemoryAdvice.explain(e);
      System.err.println("ascmr: " + (advice == null ? e : advice));
      code = ExitCodes.INTERNAL;
    }
    System.exit(code);
  }

  /** Runs the CLI in-process and returns the exit code (tests call this). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AscmrMain());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setAbbreviatedOptionsAllowed(false);
    cl.setParameterExceptionHandler(AscmrMain::onParameterError);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> onFailure(e, cmd));
    return cl;
  }

  private static int onParameterError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Our exceptions become one line and their exit code; anything else is internal (code 1). */
  static int onFailure(Exception e, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    // A damaged file that Spark or Hadoop failed on is named as bad input (exit 3), even inside our own wrapping.
    AscmrException known = ReadFailures.explain(e);
    String name = cmd.getCommandSpec().qualifiedName();
    if (known != null) {
      err.println(name + ": " + known.getMessage());
      err.flush();
      return known.exitCode();
    }
    String memory = MemoryAdvice.explain(e);
    if (memory != null) {
      err.println(name + ": " + memory);
      err.flush();
      return ExitCodes.INTERNAL;
    }
    err.println(name + ": internal error: " + e);
    e.printStackTrace(err);
    err.flush();
    return ExitCodes.INTERNAL;
  }

  /** Prints the build version. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ascmr " + AscmrVersion.VERSION + " (Java " + System.getProperty("java.version") + ")"};
    }
  }
}
