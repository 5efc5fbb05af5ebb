package org.ascmr.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The label side of {@link RetrievalGraph} as one DL4J SameDiff layer: the GCN prototypes X_c and
 * the cosine logits. Input [f_v | f_t] (B x 2E, after DL4J's dropout while training), output
 * [f_v | f_t | s_v | s_t] (B x (2E + 2C)): the features pass through so that the loss sees the
 * same (dropped-out) features the logits were computed from. Parameters carry RetrievalGraph's
 * names ({@code label.vectors} only when learned, {@code gcn.w0..}, {@code proto.w},
 * {@code proto.b}); the normalised adjacency and fixed word vectors are configuration constants.
 */
public class Dl4jHeadLayer extends SameDiffLayer {
  private int numLabels;
  private int labelDim;
  private int gcnLayers;
  private int embedDim;
  private boolean learnedLabelVectors;
  private float[] adjacency;
  /** Fixed word vectors (C x labelDim, row-major); null when learned. */
  private float[] labelVectors;

  public Dl4jHeadLayer() {}

  Dl4jHeadLayer(ModelSpec spec, ParameterSet constants) {
    this.numLabels = spec.numLabels();
    this.labelDim = spec.config().labelDim();
    this.gcnLayers = spec.config().gcnLayers();
    this.embedDim = spec.config().embedDim();
    this.learnedLabelVectors = spec.learnedLabelVectors();
    this.adjacency = Dl4jEncodersLayer.values(constants, RetrievalGraph.ADJACENCY);
    this.labelVectors = learnedLabelVectors ? null : Dl4jEncodersLayer.values(constants, RetrievalGraph.LABEL_VECTORS);
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    if (learnedLabelVectors) params.addWeightParam(RetrievalGraph.LABEL_VECTORS, numLabels, labelDim);
    for (int k = 0; k < gcnLayers; k++) params.addWeightParam(RetrievalGraph.gcnWeight(k), labelDim, labelDim);
    params.addWeightParam(RetrievalGraph.PROTO_W, (long) gcnLayers * labelDim, embedDim);
    params.addBiasParam(RetrievalGraph.PROTO_B, 1, embedDim);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    Dl4jRetrievalNet.initUniform(params);
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
    SDVariable fv = x.get(SDIndex.all(), SDIndex.interval(0, embedDim));
    SDVariable ft = x.get(SDIndex.all(), SDIndex.interval(embedDim, 2 * embedDim));
    SDVariable adj = sd.constant(RetrievalGraph.ADJACENCY,
        Nd4j.create(adjacency, new long[] {numLabels, numLabels}).castTo(x.dataType()));
    SDVariable h = learnedLabelVectors ? p.get(RetrievalGraph.LABEL_VECTORS)
        : sd.constant(RetrievalGraph.LABEL_VECTORS,
            Nd4j.create(labelVectors, new long[] {numLabels, labelDim}).castTo(x.dataType()));
    SDVariable[] layers = new SDVariable[gcnLayers];
    for (int k = 0; k < gcnLayers; k++) {
      h = sd.nn().leakyRelu(adj.mmul(h.mmul(p.get(RetrievalGraph.gcnWeight(k)))), 0.2);
      layers[k] = h;
    }
    SDVariable concat = layers.length == 1 ? layers[0] : sd.concat(1, layers);
    SDVariable prototypes = normalise(sd, concat.mmul(p.get(RetrievalGraph.PROTO_W)).add(p.get(RetrievalGraph.PROTO_B)));
    SDVariable sv = sd.mmul(normalise(sd, fv), prototypes, false, true, false);
    SDVariable st = sd.mmul(normalise(sd, ft), prototypes, false, true, false);
    return sd.concat(1, fv, ft, sv, st);
  }

  static SDVariable normalise(SameDiff sd, SDVariable x) {
    return x.div(sd.math().sqrt(x.mul(x).sum(true, 1).add(RetrievalGraph.NORM_EPS)));
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    // Sizes come from the model spec.
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(2L * embedDim + 2L * numLabels);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Dl4jHeadLayer v) || !super.equals(o)) return false;
    return numLabels == v.numLabels && labelDim == v.labelDim && gcnLayers == v.gcnLayers && embedDim == v.embedDim
        && learnedLabelVectors == v.learnedLabelVectors && Arrays.equals(adjacency, v.adjacency)
        && Arrays.equals(labelVectors, v.labelVectors);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), numLabels, labelDim, gcnLayers, embedDim, learnedLabelVectors,
        Arrays.hashCode(adjacency));
  }

  public int getNumLabels() { return numLabels; }
  public void setNumLabels(int v) { numLabels = v; }
  public int getLabelDim() { return labelDim; }
  public void setLabelDim(int v) { labelDim = v; }
  public int getGcnLayers() { return gcnLayers; }
  public void setGcnLayers(int v) { gcnLayers = v; }
  public int getEmbedDim() { return embedDim; }
  public void setEmbedDim(int v) { embedDim = v; }
  public boolean isLearnedLabelVectors() { return learnedLabelVectors; }
  public void setLearnedLabelVectors(boolean v) { learnedLabelVectors = v; }
  public float[] getAdjacency() { return adjacency; }
  public void setAdjacency(float[] v) { adjacency = v; }
  public float[] getLabelVectors() { return labelVectors; }
  public void setLabelVectors(float[] v) { labelVectors = v; }
}
