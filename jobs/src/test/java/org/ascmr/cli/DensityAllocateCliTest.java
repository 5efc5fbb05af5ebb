package org.ascmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.ascmr.error.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Pins the command-line contract of the density, allocate and bench commands (issue 5). */
class DensityAllocateCliTest {

  private static String[] run(String... args) {
    CommandLine cl = AscmrMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  private static void assertLists(String text, String... options) {
    for (String o : options) assertTrue(text.contains(o), o + " missing from:\n" + text);
  }

  @Test
  void densityHelpListsOptions() {
    String[] r = run("density", "--help");
    assertEquals("0", r[0]);
    assertLists(r[1], "--scores=<table>", "--out=<table>", "--conf=<file>", "--set=<key=value>", "--overwrite");
  }

  @Test
  void allocateHelpListsOptions() {
    String[] r = run("allocate", "--help");
    assertEquals("0", r[0]);
    assertLists(r[1], "--scores=<table>", "--density=<table>", "--budget=<b>", "--round=<n>", "--out=<table>",
        "--conf=<file>", "--set=<key=value>", "--overwrite", "Default: 0");
  }

  @Test
  void benchHelpListsItsBenchmarks() {
    String[] r = run("bench", "--help");
    assertEquals("0", r[0]);
    assertLists(r[1], "density", "allocate", "encode", "SYNTHETIC");
    assertLists(run("bench", "encode", "--help")[1], "--pairs=<bundle>", "--count=<n>", "--callers=<n,...>", "REAL");
    assertLists(run("bench", "density", "--help")[1], "--items=<n>", "--dims=<d>", "--queries=<q>", "--lsh");
    assertLists(run("bench", "allocate", "--help")[1], "--candidates=<n>", "--budget=<b>");
  }

  @Test
  void missingBudgetIsUsageError() {
    String[] r = run("allocate", "--scores", "s", "--density", "d", "--out", "o");
    assertEquals(Integer.toString(ExitCodes.USAGE), r[0]);
    assertTrue(r[2].contains("Missing required option: '--budget=<b>'"), r[2]);
  }

  @Test
  void configListsDensityAndAllocateKeys() {
    String[] r = run("config");
    assertEquals("0", r[0], r[2]);
    assertLists(r[1], "density.k", "density.nprobe", "density.clusters", "allocate.solver", "allocate.lambda",
        "allocate.gamma", "allocate.kappa", "allocate.eta");
  }
}
