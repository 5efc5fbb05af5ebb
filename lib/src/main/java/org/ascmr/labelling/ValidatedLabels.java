package org.ascmr.labelling;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of validating a labels file against the pool and the labels already ingested.
 *
 * @param accepted   ids labelled for the first time, and ids relabelled (corrections), with their
 *                   label names in vocabulary order
 * @param unchanged  rows that repeat labels already known (from earlier ingestions or this file)
 * @param bad        rows that cannot be ingested, in file order (parser's and validator's)
 * @param rowsRead   rows in the file (good and bad, blank lines not counted)
 * @param relabelled ids of {@code accepted} that had other labels before (only with relabel)
 */
public record ValidatedLabels(SortedMap<String, List<String>> accepted, long unchanged, List<BadRow> bad,
    long rowsRead, long relabelled) {
  public ValidatedLabels {
    accepted = new TreeMap<>(accepted);
    bad = List.copyOf(bad);
  }

  /** Without corrections. */
  public ValidatedLabels(SortedMap<String, List<String>> accepted, long unchanged, List<BadRow> bad, long rowsRead) {
    this(accepted, unchanged, bad, rowsRead, 0);
  }

  /** Ids of {@code accepted} labelled for the first time. */
  public long newlyLabelled() {
    return accepted.size() - relabelled;
  }
}
