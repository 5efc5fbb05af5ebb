package org.ascmr.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ascmr.error.BadInputException;
import org.ascmr.io.Json;

/**
 * The raw-pairs bundle that {@code ascmr extract} reads: a directory with {@code pairs.jsonl}
 * (one JSON object per line: {@code id}, {@code image} path relative to the directory,
 * {@code text}, optional {@code labels} array, optional {@code split}), {@code labels.txt} (one
 * label name per line, in multi-hot order) and the images. This class parses and checks one line
 * at a time; each problem is a {@link BadInputException} naming file, line and field.
 */
public final class PairsBundle {
  public static final String PAIRS_FILE = "pairs.jsonl";
  public static final String LABELS_FILE = "labels.txt";

  // Fixed parts of the messages; tests assert them, so code and tests share these constants.
  public static final String NOT_JSON = "not a valid JSON object";
  public static final String MISSING = "is required";
  public static final String NOT_STRING = "expected a string";
  public static final String EMPTY_TEXT = "expected a non-empty text";
  public static final String EMPTY_STRING = "expected a non-empty string";
  public static final String NOT_LABEL_ARRAY = "expected an array of label names";
  public static final String UNKNOWN_LABEL = "is not a line of " + LABELS_FILE;
  public static final String BAD_SPLIT = "expected train, val or test";
  public static final String IMAGE_MISSING = "image file not found";
  public static final String IMAGE_UNDECODABLE = "cannot decode image";
  public static final String DUPLICATE_ID = "duplicate id";

  public static final String FIELD_ID = "id";
  public static final String FIELD_IMAGE = "image";
  public static final String FIELD_TEXT = "text";
  public static final String FIELD_LABELS = "labels";
  public static final String FIELD_SPLIT = "split";

  private static final ObjectReader READER = Json.mapper().reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * One line of pairs.jsonl, checked.
   *
   * @param line   1-based line number in pairs.jsonl
   * @param labels multi-hot over labels.txt, or null when the line has no labels (unlabelled)
   */
  public record Pair(long line, String id, String image, String text, Split split, float[] labels) {}

  private PairsBundle() {}

  /**
   * Parses labels.txt: one name per non-blank line (trimmed), in multi-hot order; names must be
   * unique and there must be at least one.
   */
  public static List<String> parseLabels(String content, String file) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String name = lines[i].trim();
      if (name.isEmpty()) continue;
      if (!seen.add(name)) {
        throw new BadInputException(file, "line " + (i + 1), null, "label '" + name + "' appears twice");
      }
      names.add(name);
    }
    if (names.isEmpty()) throw new BadInputException(file, null, null, "has no label names");
    return names;
  }

  /** Label name to its index in the multi-hot vector. */
  public static Map<String, Integer> labelIndex(List<String> names) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) index.put(names.get(i), i);
    return index;
  }

  /**
   * Parses line {@code line} of {@code file}. Missing or empty {@code labels} give an unlabelled
   * pair (labels null); a missing {@code split} means train (the pool).
   */
  public static Pair parseLine(String text, long line, String file, Map<String, Integer> labelIndex) {
    String where = "line " + line;
    JsonNode node;
    try {
      node = READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadInputException(file, where, null, NOT_JSON + ": " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadInputException(file, where, null, NOT_JSON + ": found "
          + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    String id = requiredString(node, FIELD_ID, file, where, EMPTY_STRING);
    String image = requiredString(node, FIELD_IMAGE, file, where, EMPTY_STRING);
    String body = requiredString(node, FIELD_TEXT, file, where, EMPTY_TEXT);
    Split split = Split.TRAIN;
    JsonNode s = node.get(FIELD_SPLIT);
    if (s != null && !s.isNull()) {
      split = s.isTextual() ? Split.parse(s.asText()) : null;
      if (split == null) {
        throw new BadInputException(file, where, FIELD_SPLIT, BAD_SPLIT + ", found " + s);
      }
    }
    return new Pair(line, id, image, body, split, labels(node.get(FIELD_LABELS), labelIndex, file, where));
  }

  private static String requiredString(JsonNode node, String field, String file, String where, String emptyMessage) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) throw new BadInputException(file, where, field, MISSING);
    if (!v.isTextual()) throw new BadInputException(file, where, field, NOT_STRING + ", found " + v);
    if (v.asText().isBlank()) throw new BadInputException(file, where, field, emptyMessage + ", found " + v);
    return v.asText();
  }

  private static float[] labels(JsonNode v, Map<String, Integer> labelIndex, String file, String where) {
    if (v == null || v.isNull()) return null;
    if (!v.isArray()) throw new BadInputException(file, where, FIELD_LABELS, NOT_LABEL_ARRAY + ", found " + v);
    if (v.isEmpty()) return null;
    float[] y = new float[labelIndex.size()];
    for (JsonNode l : v) {
      if (!l.isTextual()) {
        throw new BadInputException(file, where, FIELD_LABELS, NOT_LABEL_ARRAY + ", found element " + l);
      }
      Integer i = labelIndex.get(l.asText());
      if (i == null) {
        List<String> names = labelIndex.entrySet().stream().sorted(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey).toList();
        String hint = org.ascmr.error.ClosestName.of(l.asText(), names);
        throw new BadInputException(file, where, FIELD_LABELS, "'" + l.asText() + "' " + UNKNOWN_LABEL
            + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
      }
      y[i] = 1f;
    }
    return y;
  }
}
