package org.ascmr.allocate;

/** What the allocation maximises per pick, besides the density regulariser. */
public enum Objective {
  /** I_i, the informativeness of the score stage (the method). */
  INFORMATIVENESS,
  /** rho_i, the semantic density alone: the "density-only" ablation of method.md §7. */
  DENSITY
}
