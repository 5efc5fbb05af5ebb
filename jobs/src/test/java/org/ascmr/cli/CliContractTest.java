package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ascmr.error.ExitCodes;
import org.ascmr.testing.InProcessCli.Result;
import org.junit.jupiter.api.Test;

/** Pins the command-line contract other tools (Airflow, scripts) rely on. */
class CliContractTest {



  @Test
  void helpListsCommands() {
    Result r = cli("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("config"), r.out());
  }

  @Test
  void unknownOptionIsUsageError() {
    Result r = cli("config", "--no-such-option");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
  }

  @Test
  void unknownConfigKeyIsUsageError() {
    Result r = cli("config", "--set", "spark.partitons=3");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("spark.partitons: unknown key (did you mean spark.partitions?)"), r.err());
  }

  @Test
  void configListsEffectiveValues() {
    Result r = cli("config", "--set", "spark.partitions=3");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("spark.partitions") && l.contains("= 3")), r.out());
  }

  @Test
  void evaluateModelNeedsModelDirectory() {
    Result r = cli("evaluate", "--pool", "nowhere", "--method", "model");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--method model needs --model <dir>"), r.err());
  }
}
