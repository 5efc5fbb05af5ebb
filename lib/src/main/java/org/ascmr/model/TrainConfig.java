package org.ascmr.model;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;

/**
 * How the retrieval model is trained: Adam settings of method.md §2, early stopping on the val
 * split, seed, and how the labelled rows are spread over Spark workers.
 *
 * @param lr               Adam learning rate
 * @param beta1            Adam beta1
 * @param beta2            Adam beta2
 * @param batchSize        minibatch size (in-batch pairs of L_pair are per worker minibatch)
 * @param maxEpochs        upper bound on epochs
 * @param patience         stop after this many epochs without a better val mAP
 * @param seed             seed of initial weights, shuffling and dropout masks
 * @param wordVectors      optional text file of word vectors ("word v1 ... vD" lines) for the labels;
 *                         null = learned label vectors
 * @param workers          data-parallel workers; 0 = Spark's task slots (default parallelism / spark.task.cpus)
 * @param minRowsPerWorker a worker gets at least this many labelled rows: W = min(workers, ceil(rows / this))
 * @param threads          ND4J threads per training task; 0 = the JVM's cores / training tasks running in it
 */
public record TrainConfig(
    double lr,
    double beta1,
    double beta2,
    int batchSize,
    int maxEpochs,
    int patience,
    long seed,
    String wordVectors,
    int workers,
    int minRowsPerWorker,
    int threads) implements java.io.Serializable {

  public static final Setting<Double> LR = Setting.ofDouble("train.lr", 5e-5, "Adam learning rate",
      Check.positive());
  public static final Setting<Double> BETA1 = Setting.ofDouble("train.beta1", 0.5, "Adam beta1",
      new Check<>(v -> !Double.isNaN(v) && v >= 0 && v < 1, "in [0, 1)"));
  public static final Setting<Double> BETA2 = Setting.ofDouble("train.beta2", 0.999, "Adam beta2",
      new Check<>(v -> !Double.isNaN(v) && v >= 0 && v < 1, "in [0, 1)"));
  public static final Setting<Integer> BATCH_SIZE = Setting.ofInt("train.batchSize", 64,
      "minibatch size per worker", Check.atLeast(2));
  public static final Setting<Integer> MAX_EPOCHS = Setting.ofInt("train.maxEpochs", 200,
      "upper bound on training epochs", Check.atLeast(1));
  public static final Setting<Integer> PATIENCE = Setting.ofInt("train.patience", 10,
      "early stopping: stop after this many epochs without a better val mAP", Check.atLeast(1));
  public static final Setting<Long> SEED = Setting.ofLong("train.seed", 1L,
      "seed of initial weights, row order and dropout masks", Check.atLeastLong(0));
  public static final Setting<String> WORD_VECTORS = Setting.ofOptionalString("train.wordVectors",
      "optional text file of word vectors ('word v1 ... vD' per line, D = train.labelDim) for the label names; "
          + "unset = learned label vectors");
  public static final Setting<Integer> WORKERS = Setting.ofInt("train.workers", 0,
      "data-parallel training workers (Spark tasks per epoch); 0 = Spark's task slots (cores / spark.task.cpus)", Check.atLeast(0));
  public static final Setting<Integer> MIN_ROWS_PER_WORKER = Setting.ofInt("train.minRowsPerWorker", 2048,
      "each worker trains on at least this many labelled rows: W = min(workers, ceil(rows / this))",
      Check.atLeast(1));
  public static final Setting<Integer> THREADS = Setting.ofInt("train.threads", 0,
      "ND4J threads per training task; 0 = auto: the JVM's cores / training tasks running at once in it",
      Check.atLeast(0));

  public static final List<Setting<?>> SETTINGS = List.of(LR, BETA1, BETA2, BATCH_SIZE, MAX_EPOCHS, PATIENCE, SEED,
      WORD_VECTORS, WORKERS, MIN_ROWS_PER_WORKER, THREADS);

  public TrainConfig {
    LR.check(lr);
    BETA1.check(beta1);
    BETA2.check(beta2);
    BATCH_SIZE.check(batchSize);
    MAX_EPOCHS.check(maxEpochs);
    PATIENCE.check(patience);
    SEED.check(seed);
    WORKERS.check(workers);
    MIN_ROWS_PER_WORKER.check(minRowsPerWorker);
    THREADS.check(threads);
    if (wordVectors != null && wordVectors.isBlank()) wordVectors = null;
  }

  public static TrainConfig from(ConfigSource src) {
    return new TrainConfig(src.get(LR), src.get(BETA1), src.get(BETA2), src.get(BATCH_SIZE), src.get(MAX_EPOCHS),
        src.get(PATIENCE), src.get(SEED), src.get(WORD_VECTORS), src.get(WORKERS), src.get(MIN_ROWS_PER_WORKER),
        src.get(THREADS));
  }

  public static TrainConfig defaults() {
    return from(ConfigSource.empty());
  }

  /** Number of data-parallel workers for {@code rows} labelled rows given {@code available} (>= 1) slots. */
  public int workersFor(long rows, int available) {
    int configured = workers > 0 ? workers : Math.max(1, available);
    long byRows = Math.max(1, (rows + minRowsPerWorker - 1) / minRowsPerWorker);
    return (int) Math.min(configured, byRows);
  }

  /**
   * ND4J threads for one training task in a JVM with {@code cores} cores running {@code concurrent}
   * training tasks at once: the configured count, or else an equal share of the cores, so
   * concurrent tasks do not oversubscribe the CPU (OpenMP threads spin while they wait).
   */
  public int threadsPerTask(int cores, int concurrent) {
    return threads > 0 ? threads : Math.max(1, cores / Math.max(1, concurrent));
  }

  /** Same values with another seed (for the several-seed ceilings). */
  public TrainConfig withSeed(long newSeed) {
    return new TrainConfig(lr, beta1, beta2, batchSize, maxEpochs, patience, newSeed, wordVectors, workers,
        minRowsPerWorker, threads);
  }
}
