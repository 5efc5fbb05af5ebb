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
    this(new LabelGraph(numLabels), new FeatureStats(imageDim), new FeatureStats(textDim));
  }

  private LabelledStats(LabelGraph graph, FeatureStats image, FeatureStats text) {
    this.graph = graph;
    this.image = image;
    this.text = text;
  }

  /**
   * The same label graph with other input statistics: those of the whole pool (labelled or not),
   * which need no label. A few dozen labelled rows make poor standardisation statistics (most
   * sparse text dimensions are constant on them and the rest get tiny deviations, so a later
   * row's z-scores explode), and a warm-started model would carry them through every round.
   */
  public LabelledStats withInputs(FeatureStats poolImage, FeatureStats poolText) {
    if (poolImage.mean().length != image.mean().length || poolText.mean().length != text.mean().length) {
      throw new IllegalArgumentException("pool statistics have other dimensions than the labelled rows");
    }
    return new LabelledStats(graph, poolImage, poolText);
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
