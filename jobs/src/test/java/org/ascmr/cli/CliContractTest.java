package org.ascmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.ascmr.error.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Pins the command-line contract other tools (Airflow, scripts) rely on. */
class CliContractTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = AscmrMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsCommands() {
    Result r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("config"), r.out());
  }

  @Test
  void unknownOptionIsUsageError() {
    Result r = run("config", "--no-such-option");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
  }

  @Test
  void unknownConfigKeyIsUsageError() {
    Result r = run("config", "--set", "spark.partitons=3");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("spark.partitons: unknown key (did you mean spark.partitions?)"), r.err());
  }

  @Test
  void configListsEffectiveValues() {
    Result r = run("config", "--set", "spark.partitions=3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("spark.partitions") && l.contains("= 3")), r.out());
  }

  @Test
  void evaluateModelNeedsModelDirectory() {
    Result r = run("evaluate", "--pool", "nowhere", "--method", "model");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--method model needs --model <dir>"), r.err());
  }
}
