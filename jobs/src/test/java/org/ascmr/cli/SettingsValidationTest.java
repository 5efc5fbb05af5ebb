package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.ascmr.error.ExitCodes;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.TestData;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every setting is validated in one place (SettingsCatalog.load, called by JobEnv) before any
 * Spark session starts, for every command: a value out of range fails in about a second with exit
 * code 2 naming the key, as an unknown key does. No Spark here: this class starts none.
 */
class SettingsValidationTest {
  private static boolean noSession() {
    return SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
  }

  /** Every command and sub-command that reads settings, with its required options and parameters filled in. */
  private static List<List<String>> calls(CommandLine cl, List<String> prefix) {
    List<List<String>> out = new ArrayList<>();
    for (var e : cl.getSubcommands().entrySet()) {
      List<String> head = new ArrayList<>(prefix);
      head.add(e.getKey());
      CommandSpec spec = e.getValue().getCommandSpec();
      if (spec.findOption("--set") != null) {
        List<String> a = new ArrayList<>(head);
        java.util.Set<Object> groups = new java.util.HashSet<>();
        for (ArgSpec arg : spec.args()) {
          if (!arg.required()) continue;
          if (arg.group() != null && !groups.add(arg.group())) continue; // one of an exclusive group
          String value = arg.type() == int.class || arg.type() == Integer.class ? "1" : "target/none";
          if (arg.isOption()) a.add(((CommandLine.Model.OptionSpec) arg).longestName());
          a.add(value);
        }
        if (spec.findOption("--workspace") != null && !a.contains("--workspace")) { // the workspace form of a stage
          a.addAll(List.of("--workspace", "target/none"));
          if (spec.findOption("--round") != null && !a.contains("--round")) a.addAll(List.of("--round", "1"));
        }
        out.add(a);
      }
      out.addAll(calls(e.getValue(), head));
    }
    return out;
  }

  @Test
  void aValueOutOfRangeFailsBeforeSparkForEveryCommand() {
    boolean before = noSession();
    List<List<String>> calls = calls(AscmrMain.commandLine(), List.of());
    assertTrue(calls.size() >= 15, calls.toString());
    for (List<String> call : calls) {
      for (String[] bad : List.of(new String[] {"train.lr=-1", "config train.lr: must be "},
          new String[] {"score.epochs=abc", "config score.epochs: must be an integer"},
          new String[] {"select.neighbours=0", "config select.neighbours: must be "})) {
        List<String> args = new ArrayList<>(call);
        args.add("--set");
        args.add(bad[0]);
        long t0 = System.nanoTime();
        Result r = cli(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(ExitCodes.USAGE, r.code(), args + ": " + r.err() + r.out());
        assertTrue(r.err().contains(bad[1]), args + ": " + r.err());
        assertTrue(seconds < 5, args + " took " + seconds + " s");
      }
    }
    if (before) assertTrue(noSession(), "a bad setting started a Spark session");
  }

  @Test
  void theShippedConfFilesValidate() throws Exception {
    try (Stream<Path> files = Files.list(TestData.root().resolve("conf"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
        SettingsCatalog.load(f, List.of());
      }
    }
  }
}
