package org.ascmr.model;

import java.util.List;
import org.ascmr.error.StateException;

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
 */
public record ModelSpec(int imageDim, int textDim, List<String> labelNames, ModelConfig config,
    boolean learnedLabelVectors) implements java.io.Serializable {

  public ModelSpec {
    if (imageDim < 1 || textDim < 1) {
      throw new IllegalArgumentException("feature sizes must be >= 1, were " + imageDim + " and " + textDim);
    }
    if (labelNames == null || labelNames.isEmpty()) throw new IllegalArgumentException("a model needs >= 1 label");
    labelNames = List.copyOf(labelNames);
  }

  public int numLabels() {
    return labelNames.size();
  }

  /**
   * Checks that data described by {@code what} (a pool or a labelled table at {@code path}) has the
   * sizes and labels this model was built for; the message says which differs.
   */
  public void checkCompatible(String path, String what, int dataImageDim, int dataTextDim, List<String> dataLabels) {
    if (dataImageDim != imageDim || dataTextDim != textDim) {
      throw new StateException(path, what + " has image/text features of size " + dataImageDim + "/" + dataTextDim
          + " but the model was trained on " + imageDim + "/" + textDim);
    }
    if (!dataLabels.equals(labelNames)) {
      throw new StateException(path, what + " has " + dataLabels.size() + " labels " + abbreviate(dataLabels)
          + " but the model has " + labelNames.size() + " " + abbreviate(labelNames) + ": " + LABELS_DIFFER);
    }
  }

  /** Fixed part of the error for a label set that does not match the model's. */
  public static final String LABELS_DIFFER = "label dimension or names do not match the model";

  private static String abbreviate(List<String> names) {
    return names.size() <= 6 ? names.toString() : names.subList(0, 6) + "...";
  }
}
