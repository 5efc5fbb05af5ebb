package org.ascmr.allocate;

/**
 * Chooses {@code budget} unlabelled candidates (method.md §6). Implementations hold their
 * problem (candidates, graph or cluster summaries) and break ties deterministically by id.
 */
public interface BudgetAllocator {
  /**
   * @throws org.ascmr.error.ConfigException when {@code budget} is below 1 or above the number of
   *     candidates ({@link AllocateConfig#BUDGET_EXCEEDS_CANDIDATES})
   */
  Allocation allocate(int budget);

  /** Number of unlabelled candidates it chooses from. */
  int candidates();
}
