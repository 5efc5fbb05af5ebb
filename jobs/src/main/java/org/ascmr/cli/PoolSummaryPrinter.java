package org.ascmr.cli;

import java.io.PrintWriter;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolSummary;
import picocli.CommandLine.Model.CommandSpec;

/** The closing lines of extract and import-mat: where the pool is and what is in it. */
final class PoolSummaryPrinter {
  private PoolSummaryPrinter() {}

  static void print(CommandSpec spec, String out, Metadata md, boolean upToDate, double seconds) {
    PrintWriter w = spec.commandLine().getOut();
    w.println("pool " + out + (upToDate ? "  (up to date, nothing done)" : String.format("  (written in %.1f s)", seconds)));
    for (String line : PoolSummary.pool(out, md)) w.println(line);
    w.flush();
    PoolSummary.valWarning(md).ifPresent(msg -> {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + out + ": " + msg);
      spec.commandLine().getErr().flush();
    });
  }
}
