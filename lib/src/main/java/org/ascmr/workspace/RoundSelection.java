package org.ascmr.workspace;

/** How {@code ascmr round} selects once the workspace has labels ({@code round.selection}). */
public enum RoundSelection {
  /** The reconstruction of the paper (ascmr-paper): train -> embed -> score -> density -> allocate. */
  PAPER,
  /**
   * The coverage selection of the experiment's {@code ascmr} (docs/method.md): train the model (for
   * retrieval), then one typical pair per region of a label-free CCA space that has no label yet.
   */
  COVERAGE
}
