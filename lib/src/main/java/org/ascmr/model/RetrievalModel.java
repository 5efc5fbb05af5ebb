package org.ascmr.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ascmr.error.BadInputException;
import org.ascmr.io.Json;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A retrieval model (method.md §2): its {@link ModelSpec} and the SameDiff graph of
 * {@link RetrievalGraph} holding the weights. Not thread-safe: one instance per thread (Spark
 * tasks borrow their own).
 *
 * <p>Saved as two parts: the spec (JSON) and the SameDiff file (graph and weights, readable by
 * {@code SameDiff.load}); {@link #toBytes} packs both into one blob. Loading rebuilds the graph
 * from the spec and copies the weights by name, so the graph's placeholders, outputs and
 * gradient function are always this build's.
 */
public final class RetrievalModel {
  /** Rows the embed job hands to one {@link #embed} call (bounds its memory; the result does not depend on it). */
  public static final int EMBED_BATCH = 1024;
  private static final int BLOB_MAGIC = 0x4153524D; // "ASRM"

  private final ModelSpec spec;
  private final DataType dataType;
  private final SameDiff sd;
  private final List<String> trainable;

  private RetrievalModel(ModelSpec spec, ParameterSet arrays, DataType dataType) {
    this.spec = spec;
    this.dataType = dataType;
    this.trainable = RetrievalGraph.trainable(spec);
    this.sd = RetrievalGraph.build(spec, arrays, dataType);
  }

  /** A float32 model with the given arrays (every name of {@link RetrievalGraph#shapes}). */
  public static RetrievalModel create(ModelSpec spec, ParameterSet arrays) {
    return new RetrievalModel(spec, arrays, DataType.FLOAT);
  }

  /** A model in another precision (double for gradient checks). */
  public static RetrievalModel create(ModelSpec spec, ParameterSet arrays, DataType dataType) {
    return new RetrievalModel(spec, arrays, dataType);
  }

  /**
   * Fresh weights, a function of {@code seed} only. Linear layers as PyTorch initialises them
   * (weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in))); learned label vectors N(0, 1);
   * {@code labelVectors} (C x labelDim word vectors) instead when given. The constants come from
   * the labelled rows' {@code stats}: the label graph at the spec's threshold, and the input
   * statistics when the spec standardises (else mean 0, scale 1).
   */
  public static ParameterSet initialArrays(ModelSpec spec, long seed, LabelledStats stats, float[][] labelVectors) {
    float[][] adjacency = stats.graph().adjacency(spec.config().cooccurrenceThreshold());
    boolean std = spec.config().standardise();
    ParameterSet out = new ParameterSet();
    int index = 0;
    for (var e : RetrievalGraph.shapes(spec).entrySet()) {
      String name = e.getKey();
      long[] shape = e.getValue();
      int n = Math.toIntExact(shape[0] * shape[1]);
      float[] values = new float[n];
      Random rng = new Random(Seeds.derive(seed, 1, index++));
      switch (name) {
        case RetrievalGraph.ADJACENCY -> values = flatten(adjacency, shape, name);
        case RetrievalGraph.IMAGE + RetrievalGraph.MEAN -> values = std ? stats.image().mean() : values;
        case RetrievalGraph.TEXT + RetrievalGraph.MEAN -> values = std ? stats.text().mean() : values;
        case RetrievalGraph.IMAGE + RetrievalGraph.SCALE -> values = std ? stats.image().scale() : ones(n);
        case RetrievalGraph.TEXT + RetrievalGraph.SCALE -> values = std ? stats.text().scale() : ones(n);
        case RetrievalGraph.LABEL_VECTORS -> {
          if (labelVectors != null) values = flatten(labelVectors, shape, name);
          else for (int i = 0; i < n; i++) values[i] = (float) rng.nextGaussian();
        }
        default -> {
          // Biases are [1, out]: their fan-in is the matching weight's rows.
          long fanIn = name.endsWith(".b") ? fanInOfBias(spec, name) : shape[0];
          double bound = 1.0 / Math.sqrt(fanIn);
          for (int i = 0; i < n; i++) values[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
      }
      out.put(name, shape, values);
    }
    return out;
  }

  private static float[] ones(int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, 1f);
    return v;
  }

  private static long fanInOfBias(ModelSpec spec, String biasName) {
    String weight = biasName.substring(0, biasName.length() - 2) + ".w";
    return RetrievalGraph.shapes(spec).get(weight)[0];
  }

  private static float[] flatten(float[][] rows, long[] shape, String name) {
    if (rows.length != shape[0]) {
      throw new IllegalArgumentException(name + ": expected " + shape[0] + " rows, got " + rows.length);
    }
    float[] out = new float[Math.toIntExact(shape[0] * shape[1])];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != shape[1]) {
        throw new IllegalArgumentException(name + ": row " + i + " has " + rows[i].length + " values, expected "
            + shape[1]);
      }
      System.arraycopy(rows[i], 0, out, (int) (i * shape[1]), rows[i].length);
    }
    return out;
  }

  public ModelSpec spec() {
    return spec;
  }

  public DataType dataType() {
    return dataType;
  }

  /** Names of the arrays training updates. */
  public List<String> trainable() {
    return trainable;
  }

  INDArray array(String name) {
    return sd.getArrForVarName(name);
  }

  /** A copy of every array (weights and constants) as float32. */
  public ParameterSet arrays() {
    return arrays(RetrievalGraph.shapes(spec).keySet());
  }

  /** A copy of the trainable arrays only (what data-parallel workers send back). */
  public ParameterSet trainableArrays() {
    return arrays(trainable);
  }

  private ParameterSet arrays(java.util.Collection<String> names) {
    ParameterSet out = new ParameterSet();
    var shapes = RetrievalGraph.shapes(spec);
    for (String name : names) out.put(name, shapes.get(name), toFloats(array(name)));
    return out;
  }

  /** Overwrites the arrays named in {@code values} (shapes must match). */
  public void setArrays(ParameterSet values) {
    var shapes = RetrievalGraph.shapes(spec);
    for (ParameterSet.Entry e : values.entries().values()) {
      long[] shape = shapes.get(e.name());
      if (shape == null || !java.util.Arrays.equals(shape, e.shape())) {
        throw new IllegalArgumentException("array " + e.name() + " " + java.util.Arrays.toString(e.shape())
            + " does not fit this model (" + (shape == null ? "no such array" : java.util.Arrays.toString(shape)) + ")");
      }
      array(e.name()).assign(Nd4j.create(e.values(), e.shape(), DataType.FLOAT).castTo(dataType));
    }
  }

  /** Replaces the label graph (a warm start on a new labelled set). */
  public void setAdjacency(float[][] adjacency) {
    long c = spec.numLabels();
    setArrays(new ParameterSet().put(RetrievalGraph.ADJACENCY, new long[] {c, c},
        flatten(adjacency, new long[] {c, c}, RetrievalGraph.ADJACENCY)));
  }

  /**
   * Features and logits of paired rows. Computed row by row in a fixed summation order
   * ({@link ExactForward}), so a row gets the same bits whatever rows share the call: the embed job's
   * output must not depend on the partitioning. The graph's own forward pass (sgemm) did.
   */
  public Embeddings embed(float[][] image, float[][] text) {
    if (image.length != text.length) {
      throw new IllegalArgumentException("image and text need one row per pair: " + image.length + ", " + text.length);
    }
    checkRows(image, spec.imageDim(), RetrievalGraph.IMAGE);
    checkRows(text, spec.textDim(), RetrievalGraph.TEXT);
    return ExactForward.of(spec, arrays(ExactForward.arrayNames(spec)), prototypes()).embed(image, text);
  }

  private static void checkRows(float[][] rows, int cols, String what) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new IllegalArgumentException(what + " row " + i + " has " + rows[i].length + " values, the model needs "
            + cols);
      }
    }
  }

  /** The C x E label prototypes X_c (rows unit length). */
  public float[][] prototypes() {
    return sd.output(new HashMap<>(), RetrievalGraph.PROTOTYPES).get(RetrievalGraph.PROTOTYPES)
        .castTo(DataType.FLOAT).toFloatMatrix();
  }

  /** The training loss and its parts on one batch with the given dropout masks (B x E each). */
  public Map<String, Double> losses(LabelledData batch, float[][] maskV, float[][] maskT) {
    Map<String, INDArray> out = sd.output(placeholders(batch, maskV, maskT), RetrievalGraph.LOSS,
        RetrievalGraph.LOSS_CLS, RetrievalGraph.LOSS_PAIR);
    Map<String, Double> r = new HashMap<>();
    out.forEach((k, v) -> r.put(k, v.getDouble(0)));
    return r;
  }

  /** Loss and gradients of every trainable array on one batch. */
  public Step lossAndGradients(LabelledData batch, float[][] maskV, float[][] maskT) {
    OutAndGrad r = sd.calculateGradientsAndOutputs(placeholders(batch, maskV, maskT), List.of(RetrievalGraph.LOSS),
        trainable);
    return new Step(r.getOutputs().get(RetrievalGraph.LOSS).getDouble(0), r.getGradients());
  }

  /** Loss and gradient arrays (by trainable name) of one batch. */
  public record Step(double loss, Map<String, INDArray> gradients) {}

  private Map<String, INDArray> placeholders(LabelledData b, float[][] maskV, float[][] maskT) {
    int n = b.rows();
    int e = spec.config().embedDim();
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(RetrievalGraph.IMAGE, matrix(b.image(), 0, n, spec.imageDim(), RetrievalGraph.IMAGE));
    ph.put(RetrievalGraph.TEXT, matrix(b.text(), 0, n, spec.textDim(), RetrievalGraph.TEXT));
    ph.put(RetrievalGraph.LABELS, matrix(b.labels(), 0, n, spec.numLabels(), RetrievalGraph.LABELS));
    ph.put(RetrievalGraph.MASK_V, matrix(maskV, 0, n, e, RetrievalGraph.MASK_V));
    ph.put(RetrievalGraph.MASK_T, matrix(maskT, 0, n, e, RetrievalGraph.MASK_T));
    return ph;
  }

  private INDArray matrix(float[][] rows, int start, int end, int cols, String what) {
    float[] flat = new float[(end - start) * cols];
    for (int i = start; i < end; i++) {
      if (rows[i].length != cols) {
        throw new IllegalArgumentException(what + " row " + i + " has " + rows[i].length + " values, the model needs "
            + cols);
      }
      System.arraycopy(rows[i], 0, flat, (i - start) * cols, cols);
    }
    INDArray a = Nd4j.create(flat, new long[] {end - start, cols}, DataType.FLOAT);
    return dataType == DataType.FLOAT ? a : a.castTo(dataType);
  }


  static float[] toFloats(INDArray a) {
    INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    // A whole, row-major buffer is copied once; views and other layouts are compacted first.
    if (f.isView() || f.ordering() != 'c' || f.data().length() != f.length()) f = f.dup('c');
    return f.data().asFloat();
  }

  // ---------------------------------------------------------------- saving and loading

  public String specJson() {
    return Json.pretty(spec);
  }

  public static ModelSpec parseSpec(String json, String file) {
    ModelSpec s = Json.read(json, ModelSpec.class, file);
    if (s.config() == null) throw new BadInputException(file, null, "config", "missing");
    return s;
  }

  /** The SameDiff file: graph and weights (no updater state). */
  public byte[] sameDiffBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sd.save(out, false);
    return out.toByteArray();
  }

  /** Rebuilds a model from its spec and SameDiff file; {@code source} names the file in errors. */
  public static RetrievalModel fromSameDiff(ModelSpec spec, byte[] sameDiff, String source) {
    SameDiff loaded;
    try {
      loaded = SameDiff.load(new ByteArrayInputStream(sameDiff), false);
    } catch (RuntimeException e) {
      throw new BadInputException(source, null, null, "not a readable SameDiff model file: " + e.getMessage(), e);
    }
    ParameterSet arrays = new ParameterSet();
    for (var e : RetrievalGraph.shapes(spec).entrySet()) {
      INDArray a = loaded.hasVariable(e.getKey()) ? loaded.getArrForVarName(e.getKey()) : null;
      if (a == null) {
        throw new BadInputException(source, null, e.getKey(), "array missing from the model file");
      }
      if (!java.util.Arrays.equals(a.shape(), e.getValue())) {
        throw new BadInputException(source, null, e.getKey(), "expected shape " + java.util.Arrays.toString(e.getValue())
            + " (from model.json), found " + java.util.Arrays.toString(a.shape()));
      }
      arrays.put(e.getKey(), e.getValue(), toFloats(a));
    }
    return create(spec, arrays);
  }

  /** Spec and SameDiff file in one blob. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(buf);
      byte[] specBytes = specJson().getBytes(StandardCharsets.UTF_8);
      byte[] model = sameDiffBytes();
      out.writeInt(BLOB_MAGIC);
      out.writeInt(specBytes.length);
      out.write(specBytes);
      out.writeInt(model.length);
      out.write(model);
      out.flush();
      return buf.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the model", e);
    }
  }

  public static RetrievalModel fromBytes(byte[] bytes, String source) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != BLOB_MAGIC) throw new BadInputException(source, null, null, "not a retrieval model blob");
      byte[] spec = in.readNBytes(in.readInt());
      byte[] model = in.readNBytes(in.readInt());
      return fromSameDiff(parseSpec(new String(spec, StandardCharsets.UTF_8), source), model, source);
    } catch (IOException e) {
      throw new BadInputException(source, null, null, "truncated retrieval model blob: " + e.getMessage(), e);
    }
  }
}
