package org.ascmr.labelling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ascmr.error.BadInputException;
import org.ascmr.io.Json;

/**
 * Reads a labels file (our CSV or JSONL, or a Label Studio JSON export) into rows with their line
 * or task number. A row that cannot be read becomes a {@link BadRow}; a file that cannot be read
 * at all (no id/labels header, not a list of tasks) is a {@link BadInputException}.
 */
public final class LabelFileParser {
  /** Separator of label names inside one CSV cell (label names contain '/', never '|'). */
  public static final String CSV_LABEL_SEPARATOR = "|";
  public static final String ID = "id";
  public static final String LABELS = "labels";
  /** The key of our pool id in a Label Studio task's data (export-selection writes it). */
  public static final String LS_ID = "ascmr_id";

  private LabelFileParser() {}

  public static ParsedLabels parse(String file, LabelFileFormat format, String content) {
    return switch (format) {
      case CSV -> parseCsv(file, content);
      case JSONL -> parseJsonl(content);
      case LABEL_STUDIO -> parseLabelStudio(file, content);
    };
  }

  static ParsedLabels parseCsv(String file, String content) {
    List<Csv.Record> records = Csv.parse(content);
    List<LabelRow> rows = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    int headerAt = 0;
    while (headerAt < records.size() && records.get(headerAt).fields().isEmpty()) headerAt++;
    if (headerAt == records.size()) {
      throw new BadInputException(file, null, null, "empty file: expected a header with columns 'id' and 'labels'");
    }
    Csv.Record header = records.get(headerAt);
    List<String> names = header.fields().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    int idCol = names.indexOf(ID);
    int labelsCol = names.indexOf(LABELS);
    if (header.error() != null || idCol < 0 || labelsCol < 0) {
      throw new BadInputException(file, "line " + header.line(), "header",
          "expected a header with columns 'id' and 'labels', found " + header.fields());
    }
    for (Csv.Record r : records.subList(headerAt + 1, records.size())) {
      String ref = "line " + r.line();
      if (r.fields().isEmpty() && r.error() == null) continue;
      if (r.error() != null) {
        bad.add(new BadRow(ref, null, null, LabelProblems.MALFORMED + ": " + r.error()));
        continue;
      }
      if (r.fields().size() != names.size()) {
        bad.add(new BadRow(ref, null, null, LabelProblems.MALFORMED + ": expected " + names.size()
            + " fields as in the header, found " + r.fields().size()));
        continue;
      }
      String id = r.fields().get(idCol).trim();
      if (id.isEmpty()) {
        bad.add(new BadRow(ref, null, ID, LabelProblems.MISSING_ID + ": the id cell is empty"));
        continue;
      }
      rows.add(new LabelRow(ref, id, splitLabels(r.fields().get(labelsCol))));
    }
    return new ParsedLabels(LabelFileFormat.CSV, rows, bad);
  }

  static List<String> splitLabels(String cell) {
    return Arrays.stream(cell.split("\\" + CSV_LABEL_SEPARATOR)).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static ParsedLabels parseJsonl(String content) {
    List<LabelRow> rows = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String text = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
      String ref = "line " + (i + 1);
      if (text.isBlank()) continue;
      JsonNode node;
      try {
        node = Json.mapper().readTree(text);
      } catch (JsonProcessingException e) {
        bad.add(new BadRow(ref, null, null, LabelProblems.MALFORMED + ": not valid JSON: " + e.getOriginalMessage()));
        continue;
      }
      if (node == null || !node.isObject()) {
        bad.add(new BadRow(ref, null, null, LabelProblems.MALFORMED + ": expected a JSON object with \"id\" and"
            + " \"labels\", found " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT))));
        continue;
      }
      JsonNode id = node.get(ID);
      if (id == null || id.isNull() || (id.isTextual() && id.asText().isBlank())) {
        bad.add(new BadRow(ref, null, ID, LabelProblems.MISSING_ID + ": no \"id\" in the object"));
        continue;
      }
      if (!id.isTextual()) {
        bad.add(new BadRow(ref, null, ID, LabelProblems.MALFORMED + ": \"id\" must be a string, found "
            + id.getNodeType().name().toLowerCase(Locale.ROOT) + " " + id));
        continue;
      }
      List<String> labels = new ArrayList<>();
      String problem = readLabels(node.get(LABELS), labels);
      if (problem != null) {
        bad.add(new BadRow(ref, id.asText(), LABELS, LabelProblems.MALFORMED + ": " + problem));
        continue;
      }
      rows.add(new LabelRow(ref, id.asText().trim(), labels));
    }
    return new ParsedLabels(LabelFileFormat.JSONL, rows, bad);
  }

  /** Reads an array of label names (or one '|'-separated string); returns a problem or null. */
  private static String readLabels(JsonNode node, List<String> out) {
    if (node == null || node.isNull()) return null;
    if (node.isTextual()) {
      out.addAll(splitLabels(node.asText()));
      return null;
    }
    if (!node.isArray()) {
      return "\"labels\" must be an array of label names, found " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
    for (JsonNode l : node) {
      if (!l.isTextual()) return "\"labels\" must hold strings, found " + l;
      if (!l.asText().isBlank()) out.add(l.asText().trim());
    }
    return null;
  }

  /**
   * A Label Studio JSON export: a list of tasks, each with {@code data.ascmr_id} and
   * {@code annotations[].result[]} entries of type "choices". Cancelled (skipped) annotations are
   * ignored; a task whose remaining annotations disagree is a conflict.
   */
  static ParsedLabels parseLabelStudio(String file, String content) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(content.startsWith("\uFEFF") ? content.substring(1) : content);
    } catch (JsonProcessingException e) {
      throw new BadInputException(file, "line " + e.getLocation().getLineNr(), null,
          LabelProblems.MALFORMED + ": not valid JSON (expected a Label Studio JSON export): " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new BadInputException(file, null, null, "expected a Label Studio JSON export (a list of tasks), found "
          + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    List<LabelRow> rows = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    for (int t = 0; t < root.size(); t++) {
      JsonNode task = root.get(t);
      String ref = "task " + (t + 1);
      if (!task.isObject()) {
        bad.add(new BadRow(ref, null, null, LabelProblems.MALFORMED + ": a task must be a JSON object"));
        continue;
      }
      if (task.path("id").isNumber()) ref += " (Label Studio id " + task.get("id").asLong() + ")";
      JsonNode id = task.path("data").path(LS_ID);
      if (!id.isTextual() || id.asText().isBlank()) {
        bad.add(new BadRow(ref, null, "data." + LS_ID, LabelProblems.MISSING_ID + ": the task has no data." + LS_ID
            + " (import the tasks that ascmr export-selection wrote)"));
        continue;
      }
      String pid = id.asText().trim();
      JsonNode annotations = task.path("annotations");
      if (!annotations.isMissingNode() && !annotations.isArray()) {
        bad.add(new BadRow(ref, pid, "annotations", LabelProblems.MALFORMED + ": annotations must be a list"));
        continue;
      }
      List<Set<String>> sets = new ArrayList<>();
      String problem = null;
      for (JsonNode a : annotations) {
        if (a.path("was_cancelled").asBoolean(false)) continue;
        Set<String> choices = new LinkedHashSet<>();
        for (JsonNode r : a.path("result")) {
          if (!"choices".equals(r.path("type").asText())) continue;
          JsonNode cs = r.path("value").path("choices");
          if (!cs.isArray()) {
            problem = "result value.choices must be a list, found " + cs;
            break;
          }
          for (JsonNode c : cs) {
            if (!c.isTextual()) {
              problem = "choices must be strings, found " + c;
              break;
            }
            choices.add(c.asText().trim());
          }
        }
        if (problem != null) break;
        sets.add(choices);
      }
      if (problem != null) {
        bad.add(new BadRow(ref, pid, "annotations", LabelProblems.MALFORMED + ": " + problem));
        continue;
      }
      if (new LinkedHashSet<>(sets.stream().map(s -> new java.util.TreeSet<>(s)).toList()).size() > 1) {
        bad.add(new BadRow(ref, pid, "annotations", LabelProblems.ANNOTATORS_DISAGREE + ": " + sets));
        continue;
      }
      rows.add(new LabelRow(ref, pid, sets.isEmpty() ? List.of() : List.copyOf(sets.get(0))));
    }
    return new ParsedLabels(LabelFileFormat.LABEL_STUDIO, rows, bad);
  }
}
