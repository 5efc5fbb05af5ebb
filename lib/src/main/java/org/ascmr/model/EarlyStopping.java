package org.ascmr.model;

/**
 * Early stopping and model selection on the val split's mean mAP (never test, method.md §1):
 * remembers the best epoch and stops after {@code patience} epochs without a strictly better
 * score. A plain record of numbers, so checkpoints save it.
 */
public final class EarlyStopping {
  private final int patience;
  private int bestEpoch;
  private double bestScore;
  private int sinceBest;

  public EarlyStopping(int patience) {
    this(patience, 0, Double.NEGATIVE_INFINITY, 0);
  }

  /** Restores a saved state; {@code bestEpoch} 0 means no epoch yet. */
  public EarlyStopping(int patience, int bestEpoch, double bestScore, int sinceBest) {
    if (patience < 1) throw new IllegalArgumentException("patience must be >= 1, was " + patience);
    this.patience = patience;
    this.bestEpoch = bestEpoch;
    this.bestScore = bestScore;
    this.sinceBest = sinceBest;
  }

  /** Records {@code score} of {@code epoch} (1-based); true when it is the new best. */
  public boolean update(int epoch, double score) {
    if (score > bestScore) {
      bestScore = score;
      bestEpoch = epoch;
      sinceBest = 0;
      return true;
    }
    sinceBest++;
    return false;
  }

  public boolean shouldStop() {
    return sinceBest >= patience;
  }

  public int patience() {
    return patience;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public double bestScore() {
    return bestScore;
  }

  public int sinceBest() {
    return sinceBest;
  }
}
