package org.ascmr.labelling;

import java.util.List;

/**
 * One row of a labels file as read, before validation.
 *
 * @param ref    where it is in the file: "line 7" or "task 3 (Label Studio id 1042)"
 * @param id     the pool id
 * @param labels label names as given (may be empty, may repeat)
 */
public record LabelRow(String ref, String id, List<String> labels) {
  public LabelRow {
    labels = List.copyOf(labels);
  }
}
