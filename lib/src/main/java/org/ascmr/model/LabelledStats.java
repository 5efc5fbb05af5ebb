package org.ascmr.model;

import java.io.Serializable;

/**
 * Everything the model takes from the labelled set before training, in one mergeable pass: the
 * label co-occurrence graph and the image and text feature statistics.
 */
public final class LabelledStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LabelGraph graph;
  private final FeatureStats image;
  private final FeatureStats text;

  public LabelledStats(int imageDim, int textDim, int numLabels) {
    graph = new LabelGraph(numLabels);
    image = new FeatureStats(imageDim);
    text = new FeatureStats(textDim);
  }

  public LabelledStats add(float[] x, float[] t, float[] y) {
    graph.add(y);
    image.add(x);
    text.add(t);
    return this;
  }

  public LabelledStats merge(LabelledStats o) {
    graph.merge(o.graph);
    image.merge(o.image);
    text.merge(o.text);
    return this;
  }

  public static LabelledStats of(ModelSpec spec, LabelledData data) {
    LabelledStats s = new LabelledStats(spec.imageDim(), spec.textDim(), spec.numLabels());
    for (int i = 0; i < data.rows(); i++) s.add(data.image()[i], data.text()[i], data.labels()[i]);
    return s;
  }

  public long rows() {
    return graph.rows();
  }

  public LabelGraph graph() {
    return graph;
  }

  public FeatureStats image() {
    return image;
  }

  public FeatureStats text() {
    return text;
  }
}
