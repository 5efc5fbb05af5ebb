package org.ascmr.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ascmr.error.BadInputException;

/**
 * results.csv: one line per {@link RoundResult}, for people and spreadsheets. Columns: strategy,
 * seed, round, labelled, pool_size, fraction, test_i2t, test_t2i, test_mean, val_mean,
 * mean_informativeness, mean_pairwise_similarity, label_coverage, then seconds_&lt;stage&gt; for
 * {@link RoundResult#STAGES} and any other recorded stage (sorted). Unknown values are empty cells;
 * numbers are written exactly (Java's shortest round-trip form), so {@link #read} gives back equal
 * results. fraction and test_mean are derived and only written.
 */
public final class ResultsCsv {
  static final List<String> FIXED = List.of("strategy", "seed", "round", "labelled", "pool_size", "fraction",
      "test_i2t", "test_t2i", "test_mean", "val_mean", "mean_informativeness", "mean_pairwise_similarity",
      "label_coverage");
  static final String SECONDS = "seconds_";

  private ResultsCsv() {}

  public static String write(List<RoundResult> results) {
    Set<String> stages = new LinkedHashSet<>(RoundResult.STAGES);
    Set<String> extra = new TreeSet<>();
    for (RoundResult r : results) extra.addAll(r.stageSeconds().keySet());
    stages.addAll(extra);
    StringBuilder b = new StringBuilder();
    List<String> header = new ArrayList<>(FIXED);
    for (String s : stages) header.add(SECONDS + s);
    b.append(String.join(",", header)).append('\n');
    for (RoundResult r : results) {
      if (r.strategy().matches(".*[,\"\\s].*")) {
        throw new IllegalArgumentException("strategy names must not contain commas, quotes or spaces: '"
            + r.strategy() + "'");
      }
      List<String> cells = new ArrayList<>(List.of(r.strategy(), Long.toString(r.seed()), Integer.toString(r.round()),
          Long.toString(r.labelled()), Long.toString(r.poolSize()), Double.toString(r.fraction()),
          Double.toString(r.testI2t()), Double.toString(r.testT2i()), Double.toString(r.testMean()),
          cell(r.valMean()), cell(r.meanInformativeness()), cell(r.meanPairwiseSimilarity()), cell(r.labelCoverage())));
      for (String s : stages) cells.add(cell(r.stageSeconds().get(s)));
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  private static String cell(Double v) {
    return v == null ? "" : Double.toString(v);
  }

  /** Parses what {@link #write} wrote; {@code file} names the source in errors. */
  public static List<RoundResult> read(String text, String file) {
    String[] lines = text.split("\n", -1);
    if (lines.length == 0 || lines[0].isBlank()) throw new BadInputException(file, "line 1", null, "no header");
    String[] header = lines[0].trim().split(",", -1);
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.length; i++) col.put(header[i], i);
    for (String f : FIXED) {
      if (!col.containsKey(f)) throw new BadInputException(file, "line 1", f, "column missing from the header");
    }
    List<RoundResult> out = new ArrayList<>();
    for (int ln = 1; ln < lines.length; ln++) {
      if (lines[ln].isBlank()) continue;
      String where = "line " + (ln + 1);
      String[] c = lines[ln].trim().split(",", -1);
      if (c.length != header.length) {
        throw new BadInputException(file, where, null, "expected " + header.length + " cells, found " + c.length);
      }
      Row row = new Row(file, where, c, col);
      Map<String, Double> seconds = new TreeMap<>();
      for (int i = 0; i < header.length; i++) {
        if (header[i].startsWith(SECONDS) && !c[i].isEmpty()) {
          seconds.put(header[i].substring(SECONDS.length()), row.number(header[i]));
        }
      }
      try {
        out.add(new RoundResult(row.text("strategy"), (long) row.whole("seed"), (int) row.whole("round"),
            (long) row.whole("labelled"), (long) row.whole("pool_size"), row.number("test_i2t"),
            row.number("test_t2i"), row.optional("val_mean"), row.optional("mean_informativeness"),
            row.optional("mean_pairwise_similarity"), row.optional("label_coverage"), seconds));
      } catch (IllegalArgumentException e) {
        throw new BadInputException(file, where, null, e.getMessage(), e);
      }
    }
    return out;
  }

  /** One line's cells, parsed with errors that name the line and column. */
  private record Row(String file, String where, String[] cells, Map<String, Integer> col) {
    String text(String name) {
      return cells[col.get(name)];
    }

    double number(String name) {
      String v = text(name);
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new BadInputException(file, where, name, "expected a number, found '" + v + "'");
      }
    }

    Double optional(String name) {
      return text(name).isEmpty() ? null : number(name);
    }

    long whole(String name) {
      String v = text(name);
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new BadInputException(file, where, name, "expected an integer, found '" + v + "'");
      }
    }
  }
}
