package org.ascmr.model;

/**
 * Rows for training or evaluation as primitive arrays: image[i], text[i] and labels[i] (multi-hot,
 * length C) belong to pair i.
 */
public record LabelledData(float[][] image, float[][] text, float[][] labels) {
  public LabelledData {
    if (image.length != text.length || image.length != labels.length) {
      throw new IllegalArgumentException("image, text and labels need one row per pair: " + image.length + ", "
          + text.length + ", " + labels.length);
    }
  }

  public int rows() {
    return image.length;
  }

  /** The rows at {@code index} in that order. */
  public LabelledData select(int[] index) {
    float[][] i = new float[index.length][];
    float[][] t = new float[index.length][];
    float[][] l = new float[index.length][];
    for (int k = 0; k < index.length; k++) {
      i[k] = image[index[k]];
      t[k] = text[index[k]];
      l[k] = labels[index[k]];
    }
    return new LabelledData(i, t, l);
  }
}
