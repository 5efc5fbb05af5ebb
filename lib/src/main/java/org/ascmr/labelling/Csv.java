package org.ascmr.labelling;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated, fields with commas, quotes or line breaks in double quotes, a
 * quote inside doubled. Small and strict on purpose: a stray quote is reported with its line
 * rather than guessed around.
 */
public final class Csv {
  private Csv() {}

  /**
   * One record as read.
   *
   * @param line   1-based line where the record starts
   * @param fields the fields (empty list for a blank line)
   * @param error  why the record is malformed (null if fine)
   */
  public record Record(int line, List<String> fields, String error) {}

  public static List<Record> parse(String text) {
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1); // Excel's byte-order mark
    List<Record> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    int line = 1;
    while (i < n) {
      int start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      String error = null;
      boolean endOfRecord = false;
      boolean any = false;
      while (i < n && !endOfRecord) {
        char c = text.charAt(i);
        if (c == '"' && field.length() == 0) {
          // quoted field
          any = true;
          i++;
          boolean closed = false;
          while (i < n) {
            char q = text.charAt(i);
            if (q == '"') {
              if (i + 1 < n && text.charAt(i + 1) == '"') {
                field.append('"');
                i += 2;
              } else {
                i++;
                closed = true;
                break;
              }
            } else {
              if (q == '\n') line++;
              field.append(q);
              i++;
            }
          }
          if (!closed) {
            error = "unterminated quoted field";
            i = n;
            break;
          }
          if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            error = "text after a closing quote (a quote inside a field must be doubled)";
            while (i < n && text.charAt(i) != '\n') i++;
          }
          continue;
        }
        if (c == ',') {
          any = true;
          fields.add(field.toString());
          field.setLength(0);
          i++;
        } else if (c == '\r' || c == '\n') {
          if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
          i++;
          line++;
          endOfRecord = true;
        } else {
          if (c == '"' && error == null) error = "quote inside an unquoted field";
          any = true;
          field.append(c);
          i++;
        }
      }
      if (any || field.length() > 0) fields.add(field.toString());
      out.add(new Record(start, fields, error));
      if (!endOfRecord && i >= n) break;
    }
    return out;
  }

  /** Quotes {@code value} if it holds a comma, quote, line break or edge whitespace. */
  public static String quote(String value) {
    if (value == null) return "";
    boolean needs = value.isEmpty() ? false : value.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n'
        || ch == '\r') || Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1));
    return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  public static String row(List<String> values) {
    List<String> q = new ArrayList<>(values.size());
    for (String v : values) q.add(quote(v));
    return String.join(",", q);
  }
}
