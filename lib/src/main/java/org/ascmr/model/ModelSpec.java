package org.ascmr.model;

import java.util.List;
import org.ascmr.error.StateException;
import org.ascmr.features.encode.EncoderInfo;

/**
 * Everything needed to rebuild a retrieval model's graph: input sizes, label names (the order of
 * the multi-hot vectors and of the logits) and the architecture. Saved as model.json beside the
 * weights; a pool, a labelled set or a warm start is checked against it before any work.
 *
 * @param imageDim            length of the image feature vectors
 * @param textDim             length of the text feature vectors
 * @param labelNames          label names in multi-hot order (C = their count)
 * @param config              architecture and loss
 * @param learnedLabelVectors true: label vectors are trained; false: fixed word vectors
 * @param imageEncoder        the encoder of the pool it was trained on (null: imported features or
 *                            a model saved before encoders were recorded)
 * @param textEncoder         the same for text (null also for TF-IDF)
 */
public record ModelSpec(int imageDim, int textDim, List<String> labelNames, ModelConfig config,
    boolean learnedLabelVectors, EncoderInfo imageEncoder, EncoderInfo textEncoder)
    implements java.io.Serializable {

  public ModelSpec {
    if (imageDim < 1 || textDim < 1) {
      throw new IllegalArgumentException("feature sizes must be >= 1, were " + imageDim + " and " + textDim);
    }
    if (labelNames == null || labelNames.isEmpty()) throw new IllegalArgumentException("a model needs >= 1 label");
    labelNames = List.copyOf(labelNames);
  }

  /** A model of features no recorded encoder made (imported features, tests). */
  public ModelSpec(int imageDim, int textDim, List<String> labelNames, ModelConfig config,
      boolean learnedLabelVectors) {
    this(imageDim, textDim, labelNames, config, learnedLabelVectors, null, null);
  }

  public int numLabels() {
    return labelNames.size();
  }

  /**
   * Checks that data described by {@code what} (a pool or a labelled table at {@code path}) has the
   * sizes and labels this model was built for; the message says which differs.
   */
  public void checkCompatible(String path, String what, int dataImageDim, int dataTextDim, List<String> dataLabels) {
    checkCompatible(path, what, dataImageDim, dataTextDim, dataLabels, imageEncoder, textEncoder);
  }

  /**
   * As above, and the data's encoders must be the model's: vectors of the same size from another
   * model (or another layer, or other weights) would be read as if they meant the same.
   */
  public void checkCompatible(String path, String what, int dataImageDim, int dataTextDim, List<String> dataLabels,
      EncoderInfo dataImage, EncoderInfo dataText) {
    checkEncoder(path, what, "image", imageEncoder, dataImage);
    checkEncoder(path, what, "text", textEncoder, dataText);
    if (dataImageDim != imageDim || dataTextDim != textDim) {
      throw new StateException(path, what + " has image/text features of size " + dataImageDim + "/" + dataTextDim
          + " but the model was trained on " + imageDim + "/" + textDim);
    }
    if (!dataLabels.equals(labelNames)) {
      throw new StateException(path, what + " has " + dataLabels.size() + " labels " + abbreviate(dataLabels)
          + " but the model has " + labelNames.size() + " " + abbreviate(labelNames) + ": " + LABELS_DIFFER);
    }
  }

  private static void checkEncoder(String path, String what, String modality, EncoderInfo model, EncoderInfo data) {
    if (java.util.Objects.equals(model, data)) return;
    throw new StateException(path, what + " has " + modality + " features from " + describe(data)
        + " but the model was trained on features from " + describe(model) + ": " + ENCODERS_DIFFER);
  }

  private static String describe(EncoderInfo e) {
    return e == null ? "no recorded encoder (imported features, TF-IDF or an older pool)" : e.describe();
  }

  /** Fixed part of the error for a pool made by another encoder than the model's. */
  public static final String ENCODERS_DIFFER = "re-extract the pool with the model's encoder, or train a new model";

  /** Fixed part of the error for a label set that does not match the model's. */
  public static final String LABELS_DIFFER = "label dimension or names do not match the model";

  private static String abbreviate(List<String> names) {
    return names.size() <= 6 ? names.toString() : names.subList(0, 6) + "...";
  }
}
