package org.ascmr.pmie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.ascmr.data.SeededSplit;
import org.ascmr.error.BadInputException;
import org.ascmr.io.NativeMemoryGuard;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the estimator on pairs only (never labels), method.md §4: a seeded held-out part of the
 * pairs decides early stopping; Adam (betas 0.5, 0.999) with L2 weight decay; at most
 * {@code epochs} epochs, stopping after {@code patience} epochs without a lower held-out loss;
 * the weights of the best epoch are kept. Inputs go through an {@link InputNormaliser} fitted on
 * the training part (stored in the model, applied identically when scoring).
 * Deterministic in the seed: rows are ordered by id first, and the split, the shuffles, the
 * noise and the dropout masks are all functions of (seed, id, epoch).
 */
public final class PmieTrainer {
  static final long HOLDOUT_SPLIT_SALT = 0x401D0L;
  static final long HOLDOUT_NOISE_SALT = 0x401D1L;

  private PmieTrainer() {}

  /** The training pairs: ids with their image and text feature vectors (any order). */
  public record Pairs(String[] ids, float[][] image, float[][] text) {
    public Pairs {
      if (ids.length != image.length || ids.length != text.length) {
        throw new IllegalArgumentException("ids, image and text rows differ in number: " + ids.length + ", "
            + image.length + ", " + text.length);
      }
    }

    public int size() {
      return ids.length;
    }
  }

  /** One epoch's record. */
  public record EpochStats(int epoch, double trainLoss, double heldOutLoss, double seconds) {}

  /** A trained estimator and how it was trained. */
  public record Result(PmieModel model, List<EpochStats> history, int bestEpoch, double bestHeldOutLoss,
      int trainPairs, int heldOutPairs, boolean stoppedEarly, double seconds) {}

  /**
   * Trains on {@code pairs}; {@code source} names the input in errors; {@code log} receives one
   * line per epoch.
   */
  public static Result train(Pairs pairs, int imageDim, int textDim, ScoreConfig cfg, String source,
      Consumer<String> log) {
    if (cfg.trainThreads() == 0) return trainUnchecked(pairs, imageDim, textDim, cfg, source, log);
    // ND4J's thread counts are process-wide: set them for the training and put them back.
    Environment env = Nd4j.getEnvironment();
    Blas blas = Nd4j.factory().blas();
    int threads = env.maxThreads();
    int master = env.maxMasterThreads();
    int blasThreads = blas.getMaxThreads();
    env.setMaxThreads(cfg.trainThreads());
    env.setMaxMasterThreads(cfg.trainThreads());
    blas.setMaxThreads(cfg.trainThreads());
    try {
      return trainUnchecked(pairs, imageDim, textDim, cfg, source, log);
    } finally {
      env.setMaxThreads(threads);
      env.setMaxMasterThreads(master);
      blas.setMaxThreads(blasThreads);
    }
  }

  private static Result trainUnchecked(Pairs pairs, int imageDim, int textDim, ScoreConfig cfg, String source,
      Consumer<String> log) {
    long start = System.nanoTime();
    int n = pairs.size();
    cfg.validateTrainingSize(n);
    checkRows(pairs, imageDim, textDim, source);

    // Order by id so the result does not depend on the order the rows arrived in.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparing(i -> pairs.ids()[i]));
    for (int i = 1; i < n; i++) {
      if (pairs.ids()[order[i]].equals(pairs.ids()[order[i - 1]])) {
        throw new BadInputException(source, "id " + pairs.ids()[order[i]], "id", "appears more than once");
      }
    }
    // Held out: the pairs with the smallest seeded hash of their id.
    int held = (int) cfg.heldOutCount(n);
    Integer[] bySplitKey = order.clone();
    Arrays.sort(bySplitKey, Comparator.<Integer>comparingDouble(
        i -> SeededSplit.unit(cfg.seed(), HOLDOUT_SPLIT_SALT, pairs.ids()[i])).thenComparing(i -> pairs.ids()[i]));
    boolean[] isHeld = new boolean[n];
    for (int i = 0; i < held; i++) isHeld[bySplitKey[i]] = true;
    int[] trainIdx = Arrays.stream(order).filter(i -> !isHeld[i]).mapToInt(Integer::intValue).toArray();
    int[] heldIdx = Arrays.stream(order).filter(i -> isHeld[i]).mapToInt(Integer::intValue).toArray();

    Map<Modality, InputNormaliser> norms = new EnumMap<>(Modality.class);
    norms.put(Modality.IMAGE, InputNormaliser.fit(pairs.image(), trainIdx, imageDim, cfg.whitenRidge()));
    norms.put(Modality.TEXT, InputNormaliser.fit(pairs.text(), trainIdx, textDim, cfg.whitenRidge()));
    PmieDims dims = new PmieDims(imageDim, textDim, cfg.embedDim(), cfg.hidden());
    PmieParams init = PmieParams.init(dims, cfg.seed(), norms);
    float[][] xv = normalise(pairs.image(), norms.get(Modality.IMAGE));
    float[][] xt = normalise(pairs.text(), norms.get(Modality.TEXT));
    long[] idHash = new long[n];
    for (int i = 0; i < n; i++) idHash[i] = SeededSplit.fnv1a64(pairs.ids()[i]);

    PmieGraph graph = new PmieGraph(init, cfg.samples(), cfg.wassersteinWeight(), DataType.FLOAT);
    int batch = Math.min(cfg.trainBatch(), trainIdx.length);
    List<PmieBatch> heldBatches = evalBatches(dims, cfg, xv, xt, idHash, heldIdx, batch);
    // The training loss is reported like the held-out one (eval mode, fixed noise and batches) on
    // as many training pairs as are held out, so the two are comparable.
    List<PmieBatch> trainBatches = evalBatches(dims, cfg, xv, xt, idHash,
        Arrays.copyOf(trainIdx, Math.min(trainIdx.length, heldIdx.length)), batch);

    List<EpochStats> history = new ArrayList<>();
    PmieParams best = init;
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    int sinceBest = 0;
    boolean stoppedEarly = false;
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
      long t0 = System.nanoTime();
      int[] shuffled = trainIdx.clone();
      shuffle(shuffled, new SplittableRandom(cfg.seed() * 1_000_003L + epoch));
      // A last batch of fewer than 2 pairs has no negatives: it is left out of this epoch.
      for (int from = 0; from + 2 <= shuffled.length; from += batch) {
        int[] idx = Arrays.copyOfRange(shuffled, from, Math.min(shuffled.length, from + batch));
        NativeMemoryGuard.check();
        graph.fitStep(batchOf(dims, cfg, xv, xt, idHash, idx, epoch, cfg.dropout()), cfg.lr(), cfg.weightDecay());
      }
      double heldLoss = evalLoss(graph, heldBatches);
      double trainLoss = evalLoss(graph, trainBatches);
      double seconds = (System.nanoTime() - t0) / 1e9;
      history.add(new EpochStats(epoch, trainLoss, heldLoss, seconds));
      boolean improved = heldLoss < bestLoss;
      if (!Double.isFinite(heldLoss)) {
        throw new IllegalStateException("estimator training diverged at epoch " + epoch + ": held-out loss "
            + heldLoss);
      }
      if (improved) {
        bestLoss = heldLoss;
        bestEpoch = epoch;
        best = graph.params(init);
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      log.accept(String.format("estimator epoch %d/%d: train loss %.4f, held-out loss %.4f%s, %.1f s", epoch,
          cfg.epochs(), trainLoss, heldLoss, improved ? " (best)" : "", seconds));
      if (sinceBest >= cfg.patience()) {
        stoppedEarly = epoch < cfg.epochs();
        break;
      }
    }
    if (best.scale() <= 0) {
      log.accept("warning: the learned scale a = " + best.scale() + " is not positive; u_inter then ranks"
          + " close pairs as uncertain");
    }
    return new Result(new PmieModel(best), history, bestEpoch, bestLoss, trainIdx.length, heldIdx.length,
        stoppedEarly, (System.nanoTime() - start) / 1e9);
  }

  /** Eval-mode batches (no dropout, fixed noise) of {@code idx} in nearly equal sizes. */
  private static List<PmieBatch> evalBatches(PmieDims dims, ScoreConfig cfg, float[][] xv, float[][] xt,
      long[] idHash, int[] idx, int batch) {
    return evenBatches(idx, batch).stream()
        .map(part -> batchOf(dims, cfg, xv, xt, idHash, part, HOLDOUT_NOISE_SALT, 0.0)).toList();
  }

  /** Eval-mode loss of fixed batches: batch losses weighted by batch size. */
  static double evalLoss(PmieGraph graph, List<PmieBatch> batches) {
    double sum = 0;
    int n = 0;
    for (PmieBatch b : batches) {
      sum += graph.loss(b) * b.size();
      n += b.size();
    }
    return sum / n;
  }

  /** Splits {@code idx} into ceil(n / batch) consecutive chunks of nearly equal size (>= 2 when n >= 2). */
  static List<int[]> evenBatches(int[] idx, int batch) {
    int count = Math.max(1, (idx.length + batch - 1) / batch);
    List<int[]> out = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      int from = (int) ((long) idx.length * c / count);
      int to = (int) ((long) idx.length * (c + 1) / count);
      out.add(Arrays.copyOfRange(idx, from, to));
    }
    return out;
  }

  static PmieBatch batchOf(PmieDims dims, ScoreConfig cfg, float[][] xv, float[][] xt, long[] idHash, int[] idx,
      long salt, double dropout) {
    float[][] bv = new float[idx.length][];
    float[][] bt = new float[idx.length][];
    long[] h = new long[idx.length];
    for (int i = 0; i < idx.length; i++) {
      bv[i] = xv[idx[i]];
      bt[i] = xt[idx[i]];
      h[i] = idHash[idx[i]];
    }
    return PmieBatch.of(dims, cfg.samples(), bv, bt, h, cfg.seed(), salt, dropout);
  }

  private static void shuffle(int[] a, SplittableRandom rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static float[][] normalise(float[][] x, InputNormaliser norm) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) out[i] = norm.apply(x[i]);
    return out;
  }

  private static void checkRows(Pairs pairs, int imageDim, int textDim, String source) {
    for (int i = 0; i < pairs.size(); i++) {
      checkVector(pairs.image()[i], imageDim, source, pairs.ids()[i], "image");
      checkVector(pairs.text()[i], textDim, source, pairs.ids()[i], "text");
    }
  }

  static void checkVector(float[] v, int dim, String source, String id, String field) {
    if (v == null || v.length != dim) {
      throw new BadInputException(source, "id " + id, field, "expected " + dim + " values, found "
          + (v == null ? "null" : v.length));
    }
    for (int j = 0; j < v.length; j++) {
      if (!Float.isFinite(v[j])) {
        throw new BadInputException(source, "id " + id, field + "[" + j + "]", "expected a finite number, found "
            + v[j]);
      }
    }
  }
}
