package org.ascmr.labelling;

import java.util.Locale;
import org.ascmr.error.BadInputException;

/** The labels files {@code ascmr ingest-labels} reads, told apart by file extension. */
public enum LabelFileFormat {
  /** Our CSV: a header with (at least) columns id and labels; labels separated by '|'. */
  CSV("csv"),
  /** Our JSONL: one object per line with "id" and "labels" (array of label names). */
  JSONL("jsonl"),
  /** A Label Studio JSON export of the tasks export-selection wrote (choices per task). */
  LABEL_STUDIO("label-studio");

  private final String id;

  LabelFileFormat(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** .csv, .jsonl (or .ndjson), .json (Label Studio's "JSON" export). */
  public static LabelFileFormat ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) return CSV;
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) return JSONL;
    if (n.endsWith(".json")) return LABEL_STUDIO;
    throw new BadInputException(name, null, null,
        "unknown labels file type: expected .csv, .jsonl or .json (a Label Studio JSON export)");
  }
}
