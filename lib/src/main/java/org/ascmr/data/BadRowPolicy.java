package org.ascmr.data;

/** What a reader does with a row it cannot use: stop at the first, or set it aside with a reason. */
public enum BadRowPolicy {
  /** Stop at the first bad row with an error naming file, row and field (the default). */
  FAIL,
  /** Write bad rows to a rejects file with their reasons, go on, and report how many. */
  SKIP
}
