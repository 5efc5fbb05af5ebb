package org.ascmr.workspace;

/**
 * How a round with no labels at all picks its batch ({@code ascmr round --bootstrap}): nothing can
 * be trained or scored yet, so the only honest choice is a seeded random sample of the train split.
 */
public enum RoundBootstrap {
  /** {@code round.budget} train pairs with the smallest seeded hash of (round.seed, round, id). */
  RANDOM
}
