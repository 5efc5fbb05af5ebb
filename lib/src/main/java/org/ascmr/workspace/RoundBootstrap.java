package org.ascmr.workspace;

/**
 * How a round with no labels at all picks its batch ({@code ascmr round --bootstrap}): nothing can
 * be trained or scored yet, so the batch comes from the pool's features alone.
 */
public enum RoundBootstrap {
  /** {@code round.budget} train pairs with the smallest seeded hash of (round.seed, round, id). */
  RANDOM,
  /**
   * {@code round.budget} typical pairs of as many regions of a label-free CCA space of the pool's
   * pairing (the coverage selection of {@code ascmr}, docs/method.md; select.* and cca.* settings).
   */
  TYPICAL
}
