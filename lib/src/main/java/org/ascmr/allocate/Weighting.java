package org.ascmr.allocate;

/** How the allocation turns a kNN similarity into the weight w_ij of its density terms. */
public enum Weighting {
  /** w = max(0, s): the reconstruction (method.md §5). */
  RAW,
  /**
   * w = max(0, (s - s_q) / (1 - s_q)), s_q a high quantile of the similarity of random pairs:
   * scale-free, so a kNN similarity of 0.96 against 0.98 for the nearest is a real difference and
   * the penalty is no longer a 0/1 exclusion (issue 10 item 2).
   */
  RECENTRED
}
