package org.ascmr.workspace;

/** State of one stage of a round as its manifest records it. */
public enum StageStatus {
  RUNNING,
  SUCCEEDED,
  FAILED
}
