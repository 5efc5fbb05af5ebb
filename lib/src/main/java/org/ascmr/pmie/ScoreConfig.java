package org.ascmr.pmie;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.error.ConfigException;

/**
 * Settings of the probabilistic informativeness estimator and of the scoring stage (method.md
 * §4, §5). Adam's betas (0.5, 0.999) are fixed by the method and are not settings.
 */
public record ScoreConfig(
    int embedDim,
    int hidden,
    int samples,
    boolean closedForm,
    int sampleCap,
    double holdoutFraction,
    int epochs,
    int patience,
    double lr,
    double weightDecay,
    double dropout,
    double wassersteinWeight,
    double betaIntra,
    long seed,
    boolean useRawFeatures,
    int trainBatch,
    int scoreBatch,
    int trainThreads,
    double whitenRidge,
    int ensemble) {

  public static final Setting<Integer> EMBED_DIM = Setting.ofInt("score.embedDim", 256,
      "dimension E' of the probabilistic embedding (mean and sigma per modality)", Check.atLeast(2));
  public static final Setting<Integer> HIDDEN = Setting.ofInt("score.hidden", 256,
      "width of the two LeakyReLU layers of each mean / log-sigma MLP", Check.atLeast(1));
  public static final Setting<Integer> SAMPLES = Setting.ofInt("score.samples", 7,
      "Monte-Carlo samples K per item (training loss and sampled scoring)", Check.between(1, 64));
  public static final Setting<Boolean> CLOSED_FORM = Setting.ofBoolean("score.closedForm", false,
      "score u_inter with the PCME++ closed-form match logit instead of K x K samples");
  public static final Setting<Integer> SAMPLE_CAP = Setting.ofInt("score.sampleCap", 200_000,
      "at most this many pairs of U and L (seeded sample, collected to the driver) train the estimator",
      Check.atLeast(8));
  public static final Setting<Double> HOLDOUT_FRACTION = Setting.ofDouble("score.holdoutFraction", 0.1,
      "fraction of the training pairs held out for early stopping (pairs only, never labels)", Check.openUnit());
  public static final Setting<Integer> EPOCHS = Setting.ofInt("score.epochs", 40,
      "maximum training epochs of the estimator", Check.atLeast(1));
  public static final Setting<Integer> PATIENCE = Setting.ofInt("score.patience", 3,
      "stop after this many epochs without a lower held-out loss", Check.atLeast(1));
  public static final Setting<Double> LR = Setting.ofDouble("score.lr", 1e-4,
      "Adam learning rate (betas 0.5, 0.999)", Check.positive());
  public static final Setting<Double> WEIGHT_DECAY = Setting.ofDouble("score.weightDecay", 1e-4,
      "L2 weight decay added to the gradient, as torch.optim.Adam(weight_decay=...)", Check.atLeast(0.0));
  public static final Setting<Double> DROPOUT = Setting.ofDouble("score.dropout", 0.1,
      "dropout rate on the mean head's sigmoid branch during training", Check.between(0.0, 0.9));
  public static final Setting<Double> WASSERSTEIN_WEIGHT = Setting.ofDouble("score.wassersteinWeight", 1.0,
      "weight of the paired diagonal-Gaussian 2-Wasserstein term in the loss", Check.atLeast(0.0));
  public static final Setting<Double> BETA_INTRA = Setting.ofDouble("score.betaIntra", 1.0,
      "I = r(u_inter) + betaIntra * (r(u_v) + r(u_t)), r = rank normalised to [0, 1] over U", Check.atLeast(0.0));
  public static final Setting<Long> SEED = Setting.ofLong("score.seed", 0L,
      "seed of the training sample, initial weights, dropout and Monte-Carlo noise", Check.atLeastLong(0));
  public static final Setting<Boolean> USE_RAW_FEATURES = Setting.ofBoolean("score.useRawFeatures", false,
      "train and score on the pool's raw image/text features (round 0, no --embeddings)");
  public static final Setting<Integer> TRAIN_BATCH = Setting.ofInt("score.trainBatch", 128,
      "pairs per training minibatch (the in-batch negatives)", Check.atLeast(2));
  public static final Setting<Integer> SCORE_BATCH = Setting.ofInt("score.scoreBatch", 256,
      "rows per matrix product when scoring a partition", Check.between(1, 65_536));

  public static final Setting<Integer> TRAIN_THREADS = Setting.ofInt("score.trainThreads", 0,
      "ND4J threads while the estimator trains on the driver; 0 = ND4J's default (all cores). 1 avoids"
          + " OpenMP spinning on a busy machine", Check.atLeast(0));

  public static final Setting<Double> WHITEN_RIDGE = Setting.ofDouble("score.whitenRidge", 10.0,
      "input whitening (C + r * mean variance * I)^-1/2 fitted on the training pairs; 0 = centre and one scale only",
      Check.atLeast(0.0));

  /**
   * Issue 10 item 1: one estimator's I is mostly its seed (two seeds rank U with Spearman 0.33 on
   * OpenClipArt); averaging the scores of a few estimators trained with different seeds is the
   * plain remedy, at n times the training cost.
   */
  public static final Setting<Integer> ENSEMBLE = Setting.ofInt("score.ensemble", 1,
      "estimators trained with seeds derived from score.seed; u_inter, u_v and u_t are their means (the density stage uses"
          + " the first one's fused vectors)", Check.between(1, 16));

  public static final List<Setting<?>> SETTINGS = List.of(EMBED_DIM, HIDDEN, SAMPLES, CLOSED_FORM, SAMPLE_CAP,
      HOLDOUT_FRACTION, EPOCHS, PATIENCE, LR, WEIGHT_DECAY, DROPOUT, WASSERSTEIN_WEIGHT, BETA_INTRA, SEED,
      USE_RAW_FEATURES, TRAIN_BATCH, SCORE_BATCH, TRAIN_THREADS, WHITEN_RIDGE, ENSEMBLE);

  /** Adam's first-moment decay, fixed by method.md §4. */
  public static final double BETA1 = 0.5;
  /** Adam's second-moment decay, fixed by method.md §4. */
  public static final double BETA2 = 0.999;

  public ScoreConfig {
    EMBED_DIM.check(embedDim);
    HIDDEN.check(hidden);
    SAMPLES.check(samples);
    SAMPLE_CAP.check(sampleCap);
    HOLDOUT_FRACTION.check(holdoutFraction);
    EPOCHS.check(epochs);
    PATIENCE.check(patience);
    LR.check(lr);
    WEIGHT_DECAY.check(weightDecay);
    DROPOUT.check(dropout);
    WASSERSTEIN_WEIGHT.check(wassersteinWeight);
    BETA_INTRA.check(betaIntra);
    SEED.check(seed);
    TRAIN_BATCH.check(trainBatch);
    SCORE_BATCH.check(scoreBatch);
    TRAIN_THREADS.check(trainThreads);
    WHITEN_RIDGE.check(whitenRidge);
    ENSEMBLE.check(ensemble);
    if (trainBatch > sampleCap) {
      throw new ConfigException(TRAIN_BATCH.key(), "must be <= " + SAMPLE_CAP.key() + " (" + sampleCap
          + "), was " + trainBatch);
    }
  }

  public static ScoreConfig from(ConfigSource src) {
    return new ScoreConfig(src.get(EMBED_DIM), src.get(HIDDEN), src.get(SAMPLES), src.get(CLOSED_FORM),
        src.get(SAMPLE_CAP), src.get(HOLDOUT_FRACTION), src.get(EPOCHS), src.get(PATIENCE), src.get(LR),
        src.get(WEIGHT_DECAY), src.get(DROPOUT), src.get(WASSERSTEIN_WEIGHT), src.get(BETA_INTRA), src.get(SEED),
        src.get(USE_RAW_FEATURES), src.get(TRAIN_BATCH), src.get(SCORE_BATCH), src.get(TRAIN_THREADS),
        src.get(WHITEN_RIDGE), src.get(ENSEMBLE));
  }

  public static ScoreConfig defaults() {
    return from(ConfigSource.empty());
  }

  public ScoreConfig withClosedForm(boolean value) {
    return new ScoreConfig(embedDim, hidden, samples, value, sampleCap, holdoutFraction, epochs, patience, lr,
        weightDecay, dropout, wassersteinWeight, betaIntra, seed, useRawFeatures, trainBatch, scoreBatch,
        trainThreads, whitenRidge, ensemble);
  }

  /**
   * The settings of ensemble member {@code m}: the same but for the seed, which for m > 0 is mixed
   * from (seed, m) so that the members of nearby seeds (1 and 2, say) do not overlap; member 0 keeps
   * this seed, so an ensemble of one is exactly the single estimator.
   */
  public ScoreConfig member(int m) {
    long s = m == 0 ? seed : ((seed + 1) * 0x9E3779B97F4A7C15L ^ (m * 0xBF58476D1CE4E5B9L)) >>> 1;
    return new ScoreConfig(embedDim, hidden, samples, closedForm, sampleCap, holdoutFraction, epochs, patience, lr,
        weightDecay, dropout, wassersteinWeight, betaIntra, s, useRawFeatures, trainBatch, scoreBatch,
        trainThreads, whitenRidge, 1);
  }

  /**
   * Checks the settings against the data before any work: a training set of {@code pairs} rows
   * must leave at least two pairs on each side of the held-out split.
   */
  public void validateTrainingSize(long pairs) {
    long held = heldOutCount(pairs);
    if (pairs - held < 2 || held < 2) {
      throw new ConfigException(HOLDOUT_FRACTION.key(), "leaves " + (pairs - held) + " training and " + held
          + " held-out pairs of " + pairs + "; need at least 2 on each side (more pairs, or another fraction)");
    }
  }

  /** Number of held-out pairs out of {@code pairs}: round(pairs * holdoutFraction), at least 1. */
  public long heldOutCount(long pairs) {
    return Math.max(1, Math.round(pairs * holdoutFraction));
  }
}
