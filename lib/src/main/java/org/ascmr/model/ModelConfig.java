package org.ascmr.model;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.error.ConfigException;

/**
 * Architecture and loss of the retrieval model (method.md §2). These settings are saved with a
 * model: a warm start or a reload rebuilds exactly this graph.
 *
 * @param embedDim              common space size E
 * @param hidden                width of an optional hidden layer in each encoder; 0 = none
 * @param dropout               dropout probability on the encoders' output (training only)
 * @param gcnLayers             layers of the label-prototype GCN
 * @param labelDim              size of the label vectors and of every GCN layer
 * @param cooccurrenceThreshold t: A_ij = 1 when P(j|i) >= t among the labelled rows
 * @param alpha                 weight of the pairwise loss L_pair
 * @param standardise           z-score each input feature with the labelled rows' mean and std (kept in the model)
 * @param mmdWeight             weight of the optional MMD term: not implemented, must be 0
 * @param adversarialWeight     weight of the optional modality-adversarial term: not implemented, must be 0
 */
public record ModelConfig(
    int embedDim,
    int hidden,
    double dropout,
    int gcnLayers,
    int labelDim,
    double cooccurrenceThreshold,
    double alpha,
    boolean standardise,
    double mmdWeight,
    double adversarialWeight) implements java.io.Serializable {

  /** Fixed part of the error for the optional loss terms this version does not have. */
  public static final String NOT_IMPLEMENTED = "is not implemented in this version and must stay 0";

  public static final Setting<Integer> EMBED_DIM = Setting.ofInt("train.embedDim", 1024,
      "common space size E of the retrieval model", Check.atLeast(1));
  public static final Setting<Integer> HIDDEN = Setting.ofInt("train.hidden", 0,
      "width of a hidden ReLU layer in each encoder; 0 = encoders are one linear layer + ReLU", Check.atLeast(0));
  public static final Setting<Double> DROPOUT = Setting.ofDouble("train.dropout", 0.2,
      "dropout probability on the encoders' output during training", new Check<>(
          v -> !Double.isNaN(v) && v >= 0 && v < 1, "in [0, 1)"));
  public static final Setting<Integer> GCN_LAYERS = Setting.ofInt("train.gcnLayers", 5,
      "layers of the label-prototype GCN (their outputs are concatenated)", Check.atLeast(1));
  public static final Setting<Integer> LABEL_DIM = Setting.ofInt("train.labelDim", 300,
      "size of the label vectors (the word vectors' size when train.wordVectors is set) and of each GCN layer",
      Check.atLeast(1));
  public static final Setting<Double> COOCCURRENCE_THRESHOLD = Setting.ofDouble("train.cooccurrenceThreshold", 0.4,
      "t: labels i, j are linked in the GCN graph when P(j|i) >= t among the labelled rows", Check.between(0.0, 1.0));
  public static final Setting<Double> ALPHA = Setting.ofDouble("train.alpha", 0.3,
      "weight alpha of the pairwise loss L_pair (docs/method.md)", Check.atLeast(0.0));
  public static final Setting<Boolean> STANDARDISE = Setting.ofBoolean("train.standardise", true,
      "z-score every input feature with the labelled rows' mean and standard deviation (saved in the model)");
  public static final Setting<Double> MMD_WEIGHT = Setting.ofDouble("train.mmdWeight", 0.0,
      "weight of the optional MMD term; not implemented: must be 0", Check.atLeast(0.0));
  public static final Setting<Double> ADVERSARIAL_WEIGHT = Setting.ofDouble("train.adversarialWeight", 0.0,
      "weight beta of the optional modality-adversarial term; not implemented: must be 0", Check.atLeast(0.0));

  public static final List<Setting<?>> SETTINGS = List.of(EMBED_DIM, HIDDEN, DROPOUT, GCN_LAYERS, LABEL_DIM,
      COOCCURRENCE_THRESHOLD, ALPHA, STANDARDISE, MMD_WEIGHT, ADVERSARIAL_WEIGHT);

  public ModelConfig {
    EMBED_DIM.check(embedDim);
    HIDDEN.check(hidden);
    DROPOUT.check(dropout);
    GCN_LAYERS.check(gcnLayers);
    LABEL_DIM.check(labelDim);
    COOCCURRENCE_THRESHOLD.check(cooccurrenceThreshold);
    ALPHA.check(alpha);
    MMD_WEIGHT.check(mmdWeight);
    ADVERSARIAL_WEIGHT.check(adversarialWeight);
    // method.md §2 keeps both terms off until shown to help on val; we have not built them.
    if (mmdWeight != 0) throw new ConfigException(MMD_WEIGHT.key(), NOT_IMPLEMENTED + ", was " + mmdWeight);
    if (adversarialWeight != 0) {
      throw new ConfigException(ADVERSARIAL_WEIGHT.key(), NOT_IMPLEMENTED + ", was " + adversarialWeight);
    }
  }

  public static ModelConfig from(ConfigSource src) {
    return new ModelConfig(src.get(EMBED_DIM), src.get(HIDDEN), src.get(DROPOUT), src.get(GCN_LAYERS),
        src.get(LABEL_DIM), src.get(COOCCURRENCE_THRESHOLD), src.get(ALPHA), src.get(STANDARDISE), src.get(MMD_WEIGHT),
        src.get(ADVERSARIAL_WEIGHT));
  }

  public static ModelConfig defaults() {
    return from(ConfigSource.empty());
  }

  /** Same graph (layer sizes and parameter shapes): a model saved with {@code other} can warm-start this one. */
  public boolean sameArchitecture(ModelConfig other) {
    return embedDim == other.embedDim && hidden == other.hidden && gcnLayers == other.gcnLayers
        && labelDim == other.labelDim;
  }
}
