package org.ascmr.model;


import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The retrieval model of {@link RetrievalGraph} as a DL4J {@link ComputationGraph}, so that
 * dl4j-spark's training masters can train it (train.engine = dl4j-*):
 * <pre>
 *   image, text -> "inputs"   (MergeVertex: [image | text])
 *               -> "encoders" (SameDiff layer: [f_v | f_t])
 *               -> "dropout"  (DL4J DropoutLayer, p = train.dropout; absent when p = 0)
 *               -> "head"     (SameDiff layer: GCN prototypes, [f_v | f_t | s_v | s_t])
 *               -> "loss"     (LossLayer with {@link Dl4jRetrievalLoss}; labels = [y | 0])
 * </pre>
 * One layer holds both towers' label side because a ComputationGraph cannot share a layer's
 * weights between two towers. SameDiff layers, not SameDiff vertices: in 1.0.0-M2.1, with all
 * parameters in SameDiffVertex instances, fit() did nothing (measured: iteration count 0, weights
 * unchanged; ComputationGraph.numParams() counts layers only, and fitting a graph of 0 parameters is
 * a no-op). Both SameDiff layers return their parameters' gradients scaled by a constant (x2 head,
 * x4 encoders, measured); Adam does not see a constant scale, see Dl4jRetrievalNetTest. Every
 * parameter keeps RetrievalGraph's name and shape, so
 * {@link #create} starts from a {@link ParameterSet} (fresh or warm) and {@link #trainableArrays}
 * reads the trained weights back: the saved model and embedding (row by row, {@link ExactForward})
 * do not depend on the engine that trained it.
 *
 * <p>Differences from the averaging engine: dropout is DL4J's (its masks come from ND4J's global
 * RNG, not from the run seed, so a run is not bit-reproducible); Adam is DL4J's (same formula and
 * epsilon 1e-8).
 */
public final class Dl4jRetrievalNet {
  public static final String INPUTS = "inputs";
  public static final String ENCODERS = "encoders";
  public static final String DROPOUT = "dropout";
  public static final String HEAD = "head";
  public static final String LOSS = "loss";

  private Dl4jRetrievalNet() {}

  /** The graph's configuration (constants from {@code arrays}); parameters are set by {@link #create}. */
  public static ComputationGraphConfiguration configuration(ModelSpec spec, ParameterSet arrays, TrainConfig tc) {
    ModelConfig c = spec.config();
    var adam = new org.nd4j.linalg.learning.config.Adam(tc.lr(), tc.beta1(), tc.beta2(), Adam.EPSILON);
    Dl4jEncodersLayer encoders = new Dl4jEncodersLayer(spec, arrays);
    Dl4jHeadLayer head = new Dl4jHeadLayer(spec, arrays);
    var g = new NeuralNetConfiguration.Builder()
        .seed(tc.seed())
        .dataType(DataType.FLOAT)
        .updater(adam)
        .graphBuilder()
        .addInputs(RetrievalGraph.IMAGE, RetrievalGraph.TEXT)
        .setInputTypes(InputType.feedForward(spec.imageDim()), InputType.feedForward(spec.textDim()))
        .addVertex(INPUTS, new MergeVertex(), RetrievalGraph.IMAGE, RetrievalGraph.TEXT)
        .addLayer(ENCODERS, encoders, INPUTS);
    String headInput = ENCODERS;
    if (c.dropout() > 0) {
      // DL4J's argument is the probability to KEEP an activation (inverted dropout, like the masks).
      g.addLayer(DROPOUT, new DropoutLayer.Builder(1.0 - c.dropout()).build(), ENCODERS);
      headInput = DROPOUT;
    }
    g.addLayer(HEAD, head, headInput)
        .addLayer(LOSS, new LossLayer.Builder(new Dl4jRetrievalLoss(c.embedDim(), spec.numLabels(), c.alpha()))
            .activation(Activation.IDENTITY).build(), HEAD)
        .setOutputs(LOSS);
    return g.build();
  }

  /** An initialised graph holding {@code arrays} (every name of {@link RetrievalGraph#shapes}). */
  public static ComputationGraph create(ModelSpec spec, ParameterSet arrays, TrainConfig tc) {
    ComputationGraph cg = new ComputationGraph(configuration(spec, arrays, tc));
    cg.init();
    setTrainable(cg, spec, arrays);
    return cg;
  }

  /** Copies the trainable arrays named in {@code arrays} into the graph's parameters. */
  public static void setTrainable(ComputationGraph cg, ModelSpec spec, ParameterSet arrays) {
    for (String name : RetrievalGraph.trainable(spec)) {
      ParameterSet.Entry e = arrays.get(name);
      if (e == null) continue;
      INDArray p = param(cg, name);
      if (!java.util.Arrays.equals(p.shape(), e.shape())) {
        throw new IllegalArgumentException(name + ": graph shape " + java.util.Arrays.toString(p.shape())
            + ", array shape " + java.util.Arrays.toString(e.shape()));
      }
      p.assign(Nd4j.create(e.values(), e.shape(), DataType.FLOAT));
    }
  }

  /** The graph's trained parameters under RetrievalGraph's names (what {@link RetrievalModel#setArrays} takes). */
  public static ParameterSet trainableArrays(ComputationGraph cg, ModelSpec spec) {
    ParameterSet out = new ParameterSet();
    var shapes = RetrievalGraph.shapes(spec);
    for (String name : RetrievalGraph.trainable(spec)) out.put(name, shapes.get(name), RetrievalModel.toFloats(param(cg, name)));
    return out;
  }

  private static INDArray param(ComputationGraph cg, String name) {
    String vertex = isEncoderParam(name) ? ENCODERS : HEAD;
    INDArray p = cg.getLayer(vertex).paramTable(false).get(name);
    if (p == null) throw new IllegalArgumentException("the graph's " + vertex + " vertex has no parameter " + name);
    return p;
  }

  private static boolean isEncoderParam(String name) {
    return name.startsWith(RetrievalGraph.IMAGE + ".") || name.startsWith(RetrievalGraph.TEXT + ".");
  }

  /**
   * One minibatch as the graph takes it: features [image, text], labels [y | 0] padded to the
   * head's width 2E + 2C (SameDiffLoss wants labels as wide as the output; the loss reads the first C).
   */
  public static MultiDataSet toMultiDataSet(ModelSpec spec, LabelledData d) {
    int c = spec.numLabels();
    int width = 2 * spec.config().embedDim() + 2 * c;
    float[][] padded = new float[d.rows()][];
    for (int i = 0; i < d.rows(); i++) {
      padded[i] = new float[width];
      System.arraycopy(d.labels()[i], 0, padded[i], 0, c);
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {matrix(d.image()), matrix(d.text())},
        new INDArray[] {matrix(padded)});
  }

  private static INDArray matrix(float[][] rows) {
    return rows.length == 0 ? Nd4j.create(DataType.FLOAT, 0, 0) : Nd4j.create(rows);
  }

  /** The graph's inference output split into RetrievalModel's embeddings (no dropout). */
  public static Embeddings embed(ComputationGraph cg, ModelSpec spec, LabelledData d) {
    INDArray out = cg.output(false, matrix(d.image()), matrix(d.text()))[0];
    int e = spec.config().embedDim();
    int c = spec.numLabels();
    float[][] all = out.toFloatMatrix();
    float[][] fv = new float[all.length][];
    float[][] ft = new float[all.length][];
    float[][] lv = new float[all.length][];
    float[][] lt = new float[all.length][];
    for (int i = 0; i < all.length; i++) {
      fv[i] = java.util.Arrays.copyOfRange(all[i], 0, e);
      ft[i] = java.util.Arrays.copyOfRange(all[i], e, 2 * e);
      lv[i] = java.util.Arrays.copyOfRange(all[i], 2 * e, 2 * e + c);
      lt[i] = java.util.Arrays.copyOfRange(all[i], 2 * e + c, 2 * e + 2 * c);
    }
    return new Embeddings(fv, ft, lv, lt);
  }

  /** Runs {@code action} with SameDiff's "Added differentiated op" lines dropped from System.out. */
  public static void quietly(Runnable action) {
    QuietStdout.run(action);
  }

  static void initUniform(Map<String, INDArray> params) {
    for (var e : params.entrySet()) {
      INDArray p = e.getValue();
      double bound = 1.0 / Math.sqrt(Math.max(1, p.size(0)));
      p.assign(Nd4j.rand(p.dataType(), p.shape()).subi(0.5).muli(2 * bound));
    }
  }
}
