package org.ascmr.model;

import java.util.Arrays;
import java.util.List;
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
 * The two encoders of {@link RetrievalGraph} as one DL4J SameDiff layer: input [image | text]
 * (B x (Dv + Dt), a MergeVertex of the graph's two inputs), output [f_v | f_t] (B x 2E). Parameters carry RetrievalGraph's names and shapes
 * ({@code image.hidden.w}, ..., {@code text.b}); the input statistics are constants of the
 * configuration (they are not trained). Public no-arg constructor and getters/setters: DL4J sends
 * the configuration as JSON (to Spark workers too).
 */
public class Dl4jEncodersLayer extends SameDiffLayer {
  private int imageDim;
  private int textDim;
  private int hidden;
  private int embedDim;
  private float[] imageMean;
  private float[] imageScale;
  private float[] textMean;
  private float[] textScale;

  public Dl4jEncodersLayer() {}

  Dl4jEncodersLayer(ModelSpec spec, ParameterSet constants) {
    this.imageDim = spec.imageDim();
    this.textDim = spec.textDim();
    this.hidden = spec.config().hidden();
    this.embedDim = spec.config().embedDim();
    this.imageMean = values(constants, RetrievalGraph.IMAGE + RetrievalGraph.MEAN);
    this.imageScale = values(constants, RetrievalGraph.IMAGE + RetrievalGraph.SCALE);
    this.textMean = values(constants, RetrievalGraph.TEXT + RetrievalGraph.MEAN);
    this.textScale = values(constants, RetrievalGraph.TEXT + RetrievalGraph.SCALE);
  }

  static float[] values(ParameterSet arrays, String name) {
    ParameterSet.Entry e = arrays.get(name);
    if (e == null) throw new IllegalArgumentException("missing array " + name);
    return e.values().clone();
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    for (String modality : List.of(RetrievalGraph.IMAGE, RetrievalGraph.TEXT)) {
      long in = modality.equals(RetrievalGraph.IMAGE) ? imageDim : textDim;
      if (hidden > 0) {
        params.addWeightParam(modality + ".hidden.w", in, hidden);
        params.addBiasParam(modality + ".hidden.b", 1, hidden);
        in = hidden;
      }
      params.addWeightParam(modality + ".w", in, embedDim);
      params.addBiasParam(modality + ".b", 1, embedDim);
    }
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    // Placeholder values only: Dl4jRetrievalNet overwrites every parameter with the model's arrays.
    Dl4jRetrievalNet.initUniform(params);
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> paramTable,
      SDVariable mask) {
    SDVariable xv = layerInput.get(SDIndex.all(), SDIndex.interval(0, imageDim));
    SDVariable xt = layerInput.get(SDIndex.all(), SDIndex.interval(imageDim, imageDim + textDim));
    SDVariable fv = encoder(sd, xv, RetrievalGraph.IMAGE, imageMean, imageScale, imageDim, paramTable);
    SDVariable ft = encoder(sd, xt, RetrievalGraph.TEXT, textMean, textScale, textDim, paramTable);
    return sd.concat(1, fv, ft);
  }

  private SDVariable encoder(SameDiff sd, SDVariable x, String modality, float[] mean, float[] scale, int dim,
      Map<String, SDVariable> p) {
    SDVariable m = sd.constant(modality + RetrievalGraph.MEAN,
        Nd4j.create(mean, new long[] {1, dim}).castTo(x.dataType()));
    SDVariable s = sd.constant(modality + RetrievalGraph.SCALE,
        Nd4j.create(scale, new long[] {1, dim}).castTo(x.dataType()));
    SDVariable in = x.sub(m).mul(s);
    if (hidden > 0) {
      in = sd.nn().relu(in.mmul(p.get(modality + ".hidden.w")).add(p.get(modality + ".hidden.b")), 0);
    }
    return sd.nn().relu(in.mmul(p.get(modality + ".w")).add(p.get(modality + ".b")), 0);
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
    return InputType.feedForward(2L * embedDim);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Dl4jEncodersLayer v) || !super.equals(o)) return false;
    return imageDim == v.imageDim && textDim == v.textDim && hidden == v.hidden && embedDim == v.embedDim
        && Arrays.equals(imageMean, v.imageMean) && Arrays.equals(imageScale, v.imageScale)
        && Arrays.equals(textMean, v.textMean) && Arrays.equals(textScale, v.textScale);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), imageDim, textDim, hidden, embedDim, Arrays.hashCode(imageMean),
        Arrays.hashCode(textMean));
  }

  public int getImageDim() { return imageDim; }
  public void setImageDim(int v) { imageDim = v; }
  public int getTextDim() { return textDim; }
  public void setTextDim(int v) { textDim = v; }
  public int getHidden() { return hidden; }
  public void setHidden(int v) { hidden = v; }
  public int getEmbedDim() { return embedDim; }
  public void setEmbedDim(int v) { embedDim = v; }
  public float[] getImageMean() { return imageMean; }
  public void setImageMean(float[] v) { imageMean = v; }
  public float[] getImageScale() { return imageScale; }
  public void setImageScale(float[] v) { imageScale = v; }
  public float[] getTextMean() { return textMean; }
  public void setTextMean(float[] v) { textMean = v; }
  public float[] getTextScale() { return textScale; }
  public void setTextScale(float[] v) { textScale = v; }
}
