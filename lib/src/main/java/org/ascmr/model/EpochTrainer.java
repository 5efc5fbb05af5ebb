package org.ascmr.model;

import java.util.SplittableRandom;
import org.ascmr.io.NativeMemoryGuard;

/**
 * One pass of minibatch Adam over a block of labelled rows: the work of one data-parallel worker
 * per epoch, or of the whole epoch in a single process. Row order and dropout masks come from
 * {@code seed} alone (the caller derives it from (run seed, epoch, worker)), so the pass is
 * reproducible.
 */
public final class EpochTrainer {
  private EpochTrainer() {}

  /**
   * What one pass did: rows seen, batches (= Adam steps), and the sum over batches of
   * loss x batch rows (so means combine across workers by rows).
   */
  public record Result(long rows, int batches, double weightedLoss, double seconds) {
    public double meanLoss() {
      return rows == 0 ? Double.NaN : weightedLoss / rows;
    }
  }

  /** Trains {@code model} in place for one pass over {@code data}. */
  public static Result fitEpoch(RetrievalModel model, Adam adam, LabelledData data, int batchSize, double dropout,
      long seed) {
    long start = System.nanoTime();
    SplittableRandom rng = new SplittableRandom(seed);
    int n = data.rows();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int e = model.spec().config().embedDim();
    double lossSum = 0;
    int batches = 0;
    for (int s = 0; s < n; s += batchSize) {
      int[] idx = java.util.Arrays.copyOfRange(order, s, Math.min(n, s + batchSize));
      LabelledData batch = data.select(idx);
      float[][] maskV = mask(rng, idx.length, e, dropout);
      float[][] maskT = mask(rng, idx.length, e, dropout);
      NativeMemoryGuard.check();
      RetrievalModel.Step step = model.lossAndGradients(batch, maskV, maskT);
      if (!Double.isFinite(step.loss())) {
        throw new IllegalStateException("training loss became " + step.loss() + " at batch " + batches
            + " (learning rate too high for these features?)");
      }
      adam.apply(model, step.gradients());
      lossSum += step.loss() * idx.length;
      batches++;
    }
    return new Result(n, batches, lossSum, (System.nanoTime() - start) / 1e9);
  }

  /** Inverted dropout mask: each entry 0 with probability p, else 1/(1-p). */
  static float[][] mask(SplittableRandom rng, int rows, int cols, double p) {
    float[][] m = new float[rows][cols];
    float keep = (float) (1.0 / (1.0 - p));
    for (float[] row : m) {
      if (p == 0) {
        java.util.Arrays.fill(row, 1f);
        continue;
      }
      for (int j = 0; j < cols; j++) row[j] = rng.nextDouble() < p ? 0f : keep;
    }
    return m;
  }
}
