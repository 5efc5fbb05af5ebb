package org.ascmr.features.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.ascmr.features.encode.TfjsLayersModel.Layer;
import org.ascmr.features.encode.TfjsLayersModel.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns the Keras topology of a TF.js layers model into a SameDiff inference graph, NHWC like
 * Keras, for the layer types MobileNetV2's convolutional trunk uses: InputLayer, ZeroPadding2D,
 * Conv2D, DepthwiseConv2D, BatchNormalization, ReLU (with max_value) and Add. Only the layers
 * the requested outputs depend on are built, so the 5-class head (Dense, Dropout, ...) is never
 * touched. Each requested layer L gets one output {@code L/gap}: its global average over height
 * and width, [batch, channels].
 *
 * <p>Convolutions are built from slices and matmuls, not libnd4j's conv2d/depthwise_conv2d
 * (measured on nd4j-native M2.1 with OpenBLAS, which has no oneDNN: depthwise_conv2d, im2col +
 * tensorDot, took ~90% of the forward time at batch 1 and ~97% at batch 8). For each kernel tap
 * (dy, dx) the strided slice x[:, dy + s*i, dx + s*j, :] is taken; a Conv2D multiplies it,
 * flattened to [batch * height * width, in], by the tap's [in, out] block of the TF kernel
 * [kh, kw, in, out] and sums over taps (a 1x1 stride-1 convolution is one matmul, no slice);
 * a DepthwiseConv2D (multiplier 1) multiplies it elementwise by the tap's [in] row of
 * [kh, kw, in, 1]. 'same' padding is TF's (the odd pixel at the bottom/right); Keras' explicit
 * ZeroPadding2D ((0, 1), (0, 1)) before its stride-2 'valid' convolutions is a pad op, as
 * written.
 *
 * <p>A BatchNormalization whose input is a convolution read by nothing else is folded into that
 * convolution (kernel * gamma / sqrt(var + eps) per output channel, bias beta - mean * that
 * factor): one op instead of two per conv, the same function up to float rounding. The folded
 * op carries the BatchNormalization's name, so that name stays a valid output.
 */
final class MobileNetV2Graph {
  static final String INPUT = "input_1";
  static final String GAP = "/gap";

  private final TfjsLayersModel model;
  private final SameDiff sd = SameDiff.create();
  private final Map<String, SDVariable> vars = new HashMap<>();
  /** Conv name -> the BatchNormalization folded into it. */
  private final Map<String, Layer> folded = new HashMap<>();
  /** Static height and width of each built layer's output. */
  private final Map<String, long[]> spatial = new HashMap<>();

  private MobileNetV2Graph(TfjsLayersModel model) {
    this.model = model;
  }

  /** A graph with placeholder {@link #INPUT} [batch, 224, 224, 3] and outputs {@code L/gap}. */
  static SameDiff build(TfjsLayersModel model, Collection<String> pooledLayers) {
    MobileNetV2Graph g = new MobileNetV2Graph(model);
    g.buildUpTo(pooledLayers);
    for (String l : pooledLayers) g.sd.mean(l + GAP, g.vars.get(l), 1, 2);
    return g.sd;
  }

  private void buildUpTo(Collection<String> outputs) {
    Map<String, Layer> byName = new HashMap<>();
    Map<String, Integer> readers = new HashMap<>();
    for (Layer l : model.layers()) {
      byName.put(l.name(), l);
      for (String in : l.inputs()) readers.merge(in, 1, Integer::sum);
    }
    // The layers the outputs depend on.
    Set<String> needed = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(outputs);
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (!byName.containsKey(n)) throw new IllegalArgumentException("model has no layer " + n);
      if (needed.add(n)) todo.addAll(byName.get(n).inputs());
    }
    // Convolutions to fold: read only by a BatchNormalization, and not requested themselves.
    for (Layer l : model.layers()) {
      if (needed.contains(l.name()) && l.className().equals("BatchNormalization")) {
        String conv = l.inputs().get(0);
        String cls = byName.get(conv).className();
        if ((cls.equals("Conv2D") || cls.equals("DepthwiseConv2D"))
            && readers.get(conv) == 1 && !outputs.contains(conv)) {
          folded.put(conv, l);
        }
      }
    }
    // Keras lists layers in a topological order.
    for (Layer l : model.layers()) {
      if (needed.contains(l.name())) add(l);
    }
  }

  private void add(Layer l) {
    JsonNode c = l.config();
    switch (l.className()) {
      case "InputLayer" -> {
        JsonNode s = c.path("batch_input_shape");
        vars.put(l.name(), sd.placeHolder(l.name(), DataType.FLOAT,
            -1, s.get(1).asLong(), s.get(2).asLong(), s.get(3).asLong()));
        spatial.put(l.name(), new long[] {s.get(1).asLong(), s.get(2).asLong()});
      }
      case "ZeroPadding2D" -> {
        requireChannelsLast(l);
        JsonNode p = c.path("padding"); // ((top, bottom), (left, right))
        int[][] pads = {{0, 0}, {p.get(0).get(0).asInt(), p.get(0).get(1).asInt()},
            {p.get(1).get(0).asInt(), p.get(1).get(1).asInt()}, {0, 0}};
        vars.put(l.name(), sd.nn().pad(l.name(), in(l, 0),
            sd.constant(l.name() + "/paddings", Nd4j.createFromArray(pads)), PadMode.CONSTANT, 0));
        long[] hw = spatial.get(l.inputs().get(0));
        spatial.put(l.name(), new long[] {hw[0] + pads[1][0] + pads[1][1], hw[1] + pads[2][0] + pads[2][1]});
      }
      case "Conv2D", "DepthwiseConv2D" -> conv(l);
      case "BatchNormalization" -> {
        if (!folded.containsValue(l)) {
          throw new UnsupportedOperationException(l.name() + ": unfolded BatchNormalization");
        }
        // already emitted by its convolution, under this name
      }
      case "ReLU" -> {
        double max = c.path("max_value").isNumber() ? c.path("max_value").asDouble() : -1;
        if (c.path("negative_slope").asDouble(0) != 0 || c.path("threshold").asDouble(0) != 0
            || max != 6) {
          throw new UnsupportedOperationException(l.name() + ": only ReLU(max_value=6)");
        }
        vars.put(l.name(), sd.nn().relu6(l.name(), in(l, 0), 0));
        spatial.put(l.name(), spatial.get(l.inputs().get(0)));
      }
      case "Add" -> {
        SDVariable sum = in(l, 0);
        for (int i = 1; i < l.inputs().size(); i++) {
          sum = i == l.inputs().size() - 1 ? sum.add(l.name(), in(l, i)) : sum.add(in(l, i));
        }
        vars.put(l.name(), sum);
        spatial.put(l.name(), spatial.get(l.inputs().get(0)));
      }
      default -> throw new UnsupportedOperationException(
          l.name() + ": layer type " + l.className() + " not supported");
    }
  }

  private void conv(Layer l) {
    JsonNode c = l.config();
    requireChannelsLast(l);
    boolean depthwise = l.className().equals("DepthwiseConv2D");
    if (!"linear".equals(c.path("activation").asText())
        || c.path("dilation_rate").get(0).asInt() != 1 || c.path("dilation_rate").get(1).asInt() != 1) {
      throw new UnsupportedOperationException(l.name() + ": only linear, undilated convolutions");
    }
    Tensor k = model.weight(l.name() + (depthwise ? "/depthwise_kernel" : "/kernel"));
    long[] ks = k.shape();
    if (depthwise && ks[3] != 1) {
      throw new UnsupportedOperationException(l.name() + ": depth_multiplier " + ks[3]);
    }
    int channels = (int) (depthwise ? ks[2] : ks[3]);
    float[] kernel = k.data().clone();
    float[] bias = c.path("use_bias").asBoolean()
        ? model.weight(l.name() + "/bias").data().clone() : new float[channels];
    String name = l.name();
    Layer bn = folded.get(l.name());
    if (bn != null) {
      fold(bn, kernel, bias, channels);
      name = bn.name();
    }
    long[] inHw = spatial.get(l.inputs().get(0));
    long[] out = outSpatial(inHw, ks, c);
    long[] st = {c.path("strides").get(0).asLong(), c.path("strides").get(1).asLong()};
    SDVariable x = in(l, 0);
    if (c.path("padding").asText().equals("same")) x = padSame(x, inHw, out, ks, st);
    long cin = ks[2];
    long tapSize = depthwise ? cin : cin * channels;
    boolean whole = ks[0] == 1 && ks[1] == 1 && st[0] == 1 && st[1] == 1; // 1x1: no slicing
    SDVariable acc = sd.constant(name + "/b", Nd4j.createFromArray(bias));
    for (int dy = 0; dy < ks[0]; dy++) {
      for (int dx = 0; dx < ks[1]; dx++) {
        float[] tap = new float[(int) tapSize];
        System.arraycopy(kernel, (int) ((dy * ks[1] + dx) * tapSize), tap, 0, tap.length);
        // x[:, dy + s*i, dx + s*j, :] for i < out height, j < out width; masks keep dims 0, 3 whole
        SDVariable slice = whole ? x : sd.stridedSlice(x, new long[] {0, dy, dx, 0},
            new long[] {0, dy + (out[0] - 1) * st[0] + 1, dx + (out[1] - 1) * st[1] + 1, 0},
            new long[] {1, st[0], st[1], 1}, 9, 9, 0, 0, 0);
        SDVariable term = depthwise
            ? slice.mul(sd.constant(Nd4j.createFromArray(tap)))
            : sd.mmul(sd.reshape(slice, -1, cin),
                sd.constant(Nd4j.create(tap, new long[] {cin, channels}, 'c')));
        acc = term.add(acc);
      }
    }
    vars.put(name, depthwise ? sd.identity(name, acc) : sd.reshape(name, acc, -1, out[0], out[1], channels));
    spatial.put(name, out);
  }

  /** TF's 'same' padding: total max((out - 1) * s + k - in, 0), the odd pixel at the bottom/right. */
  private SDVariable padSame(SDVariable x, long[] in, long[] out, long[] ks, long[] st) {
    int[][] pads = new int[4][2];
    for (int d = 0; d < 2; d++) {
      long total = Math.max(0, (out[d] - 1) * st[d] + ks[d] - in[d]);
      pads[d + 1][0] = (int) (total / 2);
      pads[d + 1][1] = (int) (total - total / 2);
    }
    if (pads[1][0] + pads[1][1] + pads[2][0] + pads[2][1] == 0) return x;
    return sd.nn().pad(x, sd.constant(Nd4j.createFromArray(pads)), PadMode.CONSTANT, 0);
  }

  /** Keras output size: 'valid' floor((in - k) / s) + 1, 'same' ceil(in / s). */
  private static long[] outSpatial(long[] in, long[] kernelShape, JsonNode c) {
    long[] out = new long[2];
    for (int d = 0; d < 2; d++) {
      long s = c.path("strides").get(d).asLong();
      out[d] = c.path("padding").asText().equals("same")
          ? (in[d] + s - 1) / s : (in[d] - kernelShape[d]) / s + 1;
    }
    return out;
  }

  /** Folds inference BatchNormalization into a kernel whose last index runs over channels. */
  private void fold(Layer bn, float[] kernel, float[] bias, int channels) {
    JsonNode c = bn.config();
    int axis = c.path("axis").isArray() ? c.path("axis").get(0).asInt() : c.path("axis").asInt();
    if ((axis != -1 && axis != 3) || !c.path("center").asBoolean() || !c.path("scale").asBoolean()) {
      throw new UnsupportedOperationException(bn.name() + ": only channel-axis BN with centre and scale");
    }
    double eps = c.path("epsilon").asDouble();
    float[] gamma = model.weight(bn.name() + "/gamma").data();
    float[] beta = model.weight(bn.name() + "/beta").data();
    float[] mean = model.weight(bn.name() + "/moving_mean").data();
    float[] var = model.weight(bn.name() + "/moving_variance").data();
    double[] f = new double[channels];
    for (int ch = 0; ch < channels; ch++) {
      f[ch] = gamma[ch] / Math.sqrt(var[ch] + eps);
      bias[ch] = (float) ((bias[ch] - mean[ch]) * f[ch] + beta[ch]);
    }
    // [kh, kw, in, out] and [kh, kw, in, mult] (channel in * mult + m) both end in the channel.
    for (int i = 0; i < kernel.length; i++) kernel[i] = (float) (kernel[i] * f[i % channels]);
  }

  private static void requireChannelsLast(Layer l) {
    String f = l.config().path("data_format").asText("channels_last");
    if (!f.equals("channels_last")) {
      throw new UnsupportedOperationException(l.name() + ": data_format " + f);
    }
  }

  private SDVariable in(Layer l, int i) {
    SDVariable v = vars.get(l.inputs().get(i));
    if (v == null) throw new IllegalStateException(l.name() + ": input " + l.inputs().get(i) + " not built");
    return v;
  }
}
