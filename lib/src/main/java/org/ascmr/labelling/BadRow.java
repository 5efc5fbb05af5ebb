package org.ascmr.labelling;

import org.ascmr.error.BadInputException;

/**
 * A row of a labels file that cannot be ingested, with where it is and why. Under
 * {@code --on-bad-row skip} these go to the ingestion's rejects file.
 *
 * @param ref     "line 7" or "task 3 (Label Studio id 1042)"
 * @param id      the row's id when it could be read (else null)
 * @param field   the field at fault (id, labels, data.ascmr_id, annotations, ...) or null for the whole row
 * @param problem what was expected and what was found; starts with one of {@link LabelProblems}
 */
public record BadRow(String ref, String id, String field, String problem) {
  public BadInputException toException(String file) {
    return new BadInputException(file, ref, field, problem);
  }

  /** "line 7, field 'labels': ..." */
  public String describe() {
    return ref + (field == null ? "" : ", field '" + field + "'") + ": " + problem;
  }
}
