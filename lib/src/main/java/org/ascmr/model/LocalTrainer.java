package org.ascmr.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ascmr.eval.MeanAveragePrecision;
import org.ascmr.eval.RetrievalMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-process training (method.md §2): epochs of {@link EpochTrainer} with early stopping and
 * model selection on val mAP. The Spark job runs the same epochs spread over workers; this one is
 * for tests, benchmarks and small data in one JVM. Deterministic given the seed: it is the
 * one-worker case of the data-parallel loop (worker 0 each epoch).
 */
public final class LocalTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);

  /** One epoch's record: mean training loss, val mAP, wall time and speed. */
  public record Epoch(int epoch, double loss, double valMap, double seconds, double rowsPerSecond) {}

  /** The selected (best-val) model and how training went. */
  public record Result(RetrievalModel model, List<Epoch> history, int bestEpoch, double bestValMap,
      double untrainedValMap) {}

  private LocalTrainer() {}

  /**
   * Trains a fresh model on {@code train} for at most {@code maxEpochs} (config) epochs.
   * {@code labelVectors} may be null (learned label vectors).
   */
  public static Result train(ModelSpec spec, TrainConfig config, LabelledData train, LabelledData val,
      float[][] labelVectors, Consumer<Epoch> onEpoch) {
    RetrievalModel model = RetrievalModel.create(spec,
        RetrievalModel.initialArrays(spec, config.seed(), LabelledStats.of(spec, train), labelVectors));
    return train(model, config, train, val, onEpoch);
  }

  /** Trains {@code model} in place from its current weights (a warm start) with a fresh Adam state. */
  public static Result train(RetrievalModel model, TrainConfig config, LabelledData train, LabelledData val,
      Consumer<Epoch> onEpoch) {
    if (train.rows() == 0) throw new IllegalArgumentException("no labelled rows to train on");
    Nd4jThreads.limit(config.threadsPerTask(Runtime.getRuntime().availableProcessors(), 1));
    Adam adam = Adam.of(config);
    EarlyStopping stopping = new EarlyStopping(config.patience());
    double untrained = valMap(model, val);
    ParameterSet best = model.arrays();
    List<Epoch> history = new ArrayList<>();
    for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
      EpochTrainer.Result r = EpochTrainer.fitEpoch(model, adam, train, config.batchSize(),
          model.spec().config().dropout(), epochSeed(config.seed(), epoch, 0));
      double map = valMap(model, val);
      Epoch e = new Epoch(epoch, r.meanLoss(), map, r.seconds(), r.rows() / Math.max(r.seconds(), 1e-9));
      history.add(e);
      if (onEpoch != null) onEpoch.accept(e);
      LOG.debug("epoch {}: loss {} val mAP {}", epoch, e.loss(), map);
      if (stopping.update(epoch, map)) best = model.arrays();
      if (stopping.shouldStop()) break;
    }
    model.setArrays(best);
    return new Result(model, history, stopping.bestEpoch(), stopping.bestScore(), untrained);
  }

  /** The seed of (run seed, epoch, worker): row order and dropout masks of that pass. */
  public static long epochSeed(long seed, int epoch, int worker) {
    return Seeds.derive(seed, 2, epoch, worker);
  }

  /** Mean of I2T and T2I mAP@all on {@code data} (method.md §3). */
  public static double valMap(RetrievalModel model, LabelledData data) {
    return evaluate(model, data).mean();
  }

  public static RetrievalMap evaluate(RetrievalModel model, LabelledData data) {
    Embeddings e = model.embed(data.image(), data.text());
    return new MeanAveragePrecision().evaluate(e.fv(), e.ft(), data.labels());
  }
}
