package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ascmr.testing.InProcessCli.Result;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help texts a user reads: summaries, options and defaults. Starts no Spark. */
class CliHelpTest {

  /** Every command (sub-commands of sub-commands too), by its qualified name without "ascmr ". */
  static List<CommandLine> allCommands(CommandLine cl) {
    List<CommandLine> all = new ArrayList<>();
    for (CommandLine sub : cl.getSubcommands().values()) {
      all.add(sub);
      all.addAll(allCommands(sub));
    }
    return all;
  }

  static String name(CommandLine cl) {
    return cl.getCommandSpec().qualifiedName().substring("ascmr ".length());
  }

  /**
   * The entries of a "Commands:" list in a rendered help, each with its wrapped lines joined: what
   * a user sees as the one-line summary of each command.
   */
  static List<String> commandSummaries(String help) {
    List<String> entries = new ArrayList<>();
    boolean in = false;
    for (String line : help.lines().toList()) {
      if (line.equals("Commands:")) {
        in = true;
      } else if (in && line.isBlank()) {
        break;
      } else if (in && line.matches("^  \\S.*")) {
        entries.add(line.trim());
      } else if (in && !entries.isEmpty()) {
        int last = entries.size() - 1;
        entries.set(last, entries.get(last) + " " + line.trim());
      }
    }
    return entries;
  }

  @Test
  void everyCommandSummaryIsACompleteSentence() {
    CommandLine root = AscmrMain.commandLine();
    List<String> helps = new ArrayList<>(List.of(cli("--help").out()));
    for (CommandLine c : allCommands(root)) {
      if (!c.getSubcommands().isEmpty()) helps.add(cli((name(c) + " --help").split(" ")).out());
    }
    int seen = 0;
    for (String help : helps) {
      for (String entry : commandSummaries(help)) {
        seen++;
        assertTrue(entry.endsWith("."), "summary cut mid-sentence: '" + entry + "'");
        assertTrue(!entry.endsWith(":.") && !entry.endsWith("(."), entry);
      }
    }
    assertEquals(allCommands(root).size(), seen, "one summary per command: " + helps);
    for (CommandLine c : allCommands(root)) {
      String first = c.getCommandSpec().usageMessage().description()[0];
      assertTrue(first.endsWith("."), name(c) + ": the first description line is its summary, a whole sentence: '"
          + first + "'");
    }
  }

  @Test
  void footerLinesAreNotWrappedMidLine() {
    String help = cli("--help").out();
    assertTrue(help.contains("\nExit codes, the same for every command (docs/user-guide.md#exit-codes):\n"
        + "0 ok or up to date, 1 internal failure (retry may help),\n"
        + "2 usage or setting error (checked before Spark starts), 3 bad data in an input,\n4 state: an input"),
        help);
  }

  /** The option blocks of a rendered help: option name -> its text with wrapped lines joined. */
  static java.util.Map<String, String> optionBlocks(String help) {
    java.util.Map<String, String> blocks = new java.util.LinkedHashMap<>();
    String current = null;
    for (String line : help.lines().toList()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s{2,8}(?:-\\w, )?(--[\\w-]+).*").matcher(line);
      if (m.matches()) {
        current = m.group(1);
        blocks.put(current, line.trim());
      } else if (current != null && line.startsWith("      ")) {
        blocks.put(current, blocks.get(current) + " " + line.trim());
      } else {
        current = null;
      }
    }
    return blocks;
  }

  @Test
  void optionsShowWhatAppliesAndEachDefaultOnce() {
    List<String> problems = new ArrayList<>();
    for (CommandLine c : allCommands(AscmrMain.commandLine())) {
      String help = cli((name(c) + " --help").split(" ")).out();
      for (java.util.Map.Entry<String, String> e : optionBlocks(help).entrySet()) {
        String where = name(c) + " " + e.getKey() + ": " + e.getValue();
        String text = e.getValue();
        if (text.matches(".*\\(default: [^)]*\\).*Default: .*")) problems.add(where + " [default shown twice]");
        if (text.contains("Default: []")) problems.add(where + " [empty list default]");
        var option = c.getCommandSpec().findOption(e.getKey());
        if (option != null && option.required() && text.contains("Default:")) {
          problems.add(where + " [required, yet a default is shown]");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void readOnlyCommandsDoNotOfferOverwrite() {
    for (String cmd : List.of("status", "config", "evaluate", "describe")) {
      Result help = cli(cmd, "--help");
      assertEquals(0, help.code(), help.err());
      assertTrue(!help.out().contains("--overwrite"), cmd + " reads only, yet offers --overwrite:\n" + help.out());
    }
    assertTrue(cli("round", "--help").out().contains("--overwrite"));
  }

  /** Help and the settings list point only to documents a user has (docs/method.md), not to internal notes. */
  @Test
  void helpAndSettingsNameNoInternalDocuments() {
    List<String> texts = new ArrayList<>(List.of(cli("--help").out(), cli("config").out()));
    for (CommandLine c : allCommands(AscmrMain.commandLine())) texts.add(cli((name(c) + " --help").split(" ")).out());
    for (String text : texts) {
      String flat = text.replaceAll("\\s+", " ");
      assertTrue(!flat.matches("(?s).*(?<!docs/)method\\.\\s?md.*"), "method.md outside docs/: " + text);
      for (String internal : List.of("stack.md", "issue 6", "issue target")) {
        assertTrue(!flat.contains(internal), internal + " in: " + text);
      }
    }
  }
}
