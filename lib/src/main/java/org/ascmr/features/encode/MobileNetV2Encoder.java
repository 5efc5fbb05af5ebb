package org.ascmr.features.encode;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Image features from MobileNetV2 (Keras, width 1.0, 224 x 224) with the weights nsfwjs 4.4.0
 * bundles (classpath resources {@code /org/ascmr/models/mobilenet-v2/}; provenance and licences
 * in the NOTICE there). The vector is one layer's activations, globally average-pooled over
 * height and width, then L2-normalised (x / sqrt(|x|^2 + 1e-12)).
 *
 * <p>Layers ({@link #LAYERS}): {@code out_relu} (1280-d, the network's last feature map) and
 * earlier ones. The nsfwjs model was fine-tuned from block_11 onwards on 5 NSFW classes (its
 * topology marks those layers trainable, the earlier ones frozen); {@code block_10_project_BN}
 * (96-d) is the last output computed only by frozen, pretrained layers, so it is likely the
 * more generic choice for clip art (untested).
 *
 * <p>Preprocessing: see {@link MobileNetInput} (alpha onto white, bilinear stretch to 224 x
 * 224 as nsfwjs does, RGB / 255, NHWC). The forward pass is a SameDiff graph built only up to
 * the chosen layer ({@link MobileNetV2Graph}), run one image at a time (see {@link #pooled}).
 * {@link #encode} is safe from several threads: each concurrent call runs its own copy of the
 * graph, so Spark tasks sharing this instance encode in parallel (with ND4J's threads capped,
 * e.g. {@code Nd4jThreads.limit(1)} per task, that uses the cores without oversubscribing).
 */
public final class MobileNetV2Encoder implements ImageEncoder {
  public static final String NAME = "mobilenet-v2";
  public static final String VERSION = "nsfwjs-4.4.0";
  static final String RESOURCES = "/org/ascmr/models/mobilenet-v2";
  public static final int SIZE = 224;
  static final double NORM_EPS = 1e-12;

  /** Supported layers and their dimension, deepest first. */
  public static final Map<String, Integer> LAYERS = layers();

  private static Map<String, Integer> layers() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("out_relu", 1280);            // after Conv_1 (1x1 to 1280) + BN + ReLU6, 7 x 7
    m.put("block_16_project_BN", 320);  // last bottleneck, 7 x 7
    m.put("block_13_expand_relu", 576); // fine-tuned block_13's expansion, 14 x 14
    m.put("block_12_add", 96);          // after the fine-tuned block_11 and block_12, 14 x 14
    m.put("block_10_project_BN", 96);   // end of the frozen pretrained part, 14 x 14
    return java.util.Collections.unmodifiableMap(m);
  }

  private final EncoderInfo info;
  private final TfjsLayersModel model;
  private final String layer;
  private final String output;
  /**
   * Idle graphs. A caller takes one (or builds one, ~1 s) and puts it back, so concurrent tasks
   * each run their own graph (SameDiff execution is not safe on one instance from several
   * threads) and as many graphs exist as callers ever ran at once (~10 MB each).
   */
  private final ConcurrentLinkedQueue<SameDiff> idle = new ConcurrentLinkedQueue<>();

  private MobileNetV2Encoder(TfjsLayersModel model, String layer) {
    Integer dim = LAYERS.get(layer);
    if (dim == null) {
      throw new IllegalArgumentException(
          "unsupported mobilenet-v2 layer " + layer + "; supported: " + LAYERS.keySet());
    }
    this.model = model;
    this.layer = layer;
    idle.add(MobileNetV2Graph.build(model, List.of(layer)));
    this.output = layer + MobileNetV2Graph.GAP;
    this.info = new EncoderInfo(NAME, VERSION, model.weightsSha256(), layer + "/gap/l2", dim);
  }

  /** Reads the weights from the classpath and builds the graph up to {@code layer}. */
  public static MobileNetV2Encoder load(String layer) {
    if (!LAYERS.containsKey(layer)) {
      throw new IllegalArgumentException(
          "unsupported mobilenet-v2 layer " + layer + "; supported: " + LAYERS.keySet());
    }
    return new MobileNetV2Encoder(TfjsLayersModel.readResource(RESOURCES), layer);
  }

  /** The supported layer names, deepest first. */
  public static List<String> supportedLayers() {
    return List.copyOf(LAYERS.keySet());
  }

  @Override
  public void close() {
    idle.clear();
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public int inputLength() {
    return SIZE * SIZE * 3;
  }

  @Override
  public float[] preprocess(BufferedImage image) {
    return MobileNetInput.toInput(image, SIZE);
  }

  @Override
  public float[][] encode(List<float[]> inputs) {
    float[][] pooled = pooled(inputs);
    for (float[] v : pooled) {
      double ss = 0;
      for (float x : v) ss += (double) x * x;
      double inv = 1 / Math.sqrt(ss + NORM_EPS);
      for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] * inv);
    }
    return pooled;
  }

  /**
   * The pooled activations before normalisation, one row per input (the test checks these).
   * Each input goes through the graph on its own, in a batch of one: measured on nd4j-native
   * M2.1 (OpenBLAS) with one ND4J thread, batches of 8 or 32 were 1.6x to 5x slower per image
   * than single images (one image's activations stay in cache), and an image's vector would
   * otherwise change in its last bits with the batch it shares (sgemm's rounding depends on the
   * matrix height). So a vector depends only on its image, whichever partition or batch it is
   * encoded in.
   */
  float[][] pooled(List<float[]> inputs) {
    int len = inputLength();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).length != len) {
        throw new IllegalArgumentException("input " + i + " has " + inputs.get(i).length
            + " floats, expected " + len + " (use preprocess)");
      }
    }
    float[][] out = new float[inputs.size()][];
    SameDiff graph = idle.poll();
    if (graph == null) graph = MobileNetV2Graph.build(model, List.of(layer));
    try {
      for (int i = 0; i < out.length; i++) {
        INDArray in = Nd4j.create(inputs.get(i), new long[] {1, SIZE, SIZE, 3}, 'c');
        out[i] = graph.outputSingle(Map.of(MobileNetV2Graph.INPUT, in), output).toFloatVector();
      }
    } finally {
      idle.add(graph);
    }
    return out;
  }
}
