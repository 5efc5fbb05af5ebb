package org.ascmr.model;

/**
 * Which rows the model's input standardisation (per-dimension mean and scale) is computed on.
 * Features need no label, so the whole pool is available from round 0.
 */
public enum InputStats {
  /** Every train row of the pool, labelled or not (the default). */
  POOL,
  /** The labelled rows only (the reconstruction's behaviour; kept for the ablation). */
  LABELLED
}
