package org.ascmr.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ascmr.error.BadInputException;
import org.ascmr.io.Json;

/**
 * A bad input row set aside under {@code --on-bad-row skip}: one line of the artefact's
 * {@value #FILE_NAME}, e.g.
 * {@code {"field":"image","file":".../pairs.jsonl","id":"animals/x","line":12,"reason":"image file not found: ..."}}.
 *
 * @param file   the input file the row came from
 * @param line   1-based line (or matrix row) number in that file
 * @param id     the row's id where it could be read, else null
 * @param field  the offending field, or null when the whole row is unreadable
 * @param reason what was expected and what was found
 */
public record Reject(String file, long line, String id, String field, String reason) {
  public static final String FILE_NAME = "rejects.jsonl";

  public static Reject of(BadInputException e, long line, String id) {
    return new Reject(e.file(), line, id, e.field(), e.problem());
  }

  /** One JSON object with sorted keys and no line breaks (nulls kept, so every line has every key). */
  public String toJsonLine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("field", field);
    m.put("file", file);
    m.put("id", id);
    m.put("line", line);
    m.put("reason", reason);
    return Json.compact(m);
  }

  /** The error the fail policy reports for this row. */
  public BadInputException toException() {
    return new BadInputException(file, "line " + line, field, reason);
  }
}
