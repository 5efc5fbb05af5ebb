package org.ascmr.model;

/**
 * Which rows the model's input standardisation (per-dimension mean and scale) is computed on.
 * Features need no label, so the whole pool is available from round 0.
 */
public enum InputStats {
  /** Every train row of the pool, labelled or not. */
  POOL,
  /** The labelled rows only (the default: better on val at small labelled sizes, docs/results.md). */
  LABELLED
}
