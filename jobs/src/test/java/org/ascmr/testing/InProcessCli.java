package org.ascmr.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.ascmr.cli.AscmrMain;
import picocli.CommandLine;

/** Runs {@code ascmr args...} in-process, on the shared Spark session, capturing both streams. */
public final class InProcessCli {
  private InProcessCli() {}

  public record Result(int code, String out, String err) {}

  public static Result cli(String... args) {
    CommandLine cl = AscmrMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
