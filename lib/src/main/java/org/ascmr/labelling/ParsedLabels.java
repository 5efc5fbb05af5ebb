package org.ascmr.labelling;

import java.util.List;

/** A labels file as read: the well-formed rows and the malformed ones, in file order. */
public record ParsedLabels(LabelFileFormat format, List<LabelRow> rows, List<BadRow> bad) {
  public ParsedLabels {
    rows = List.copyOf(rows);
    bad = List.copyOf(bad);
  }
}
