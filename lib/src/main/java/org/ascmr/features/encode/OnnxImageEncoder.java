package org.ascmr.features.encode;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user's ONNX image model driven by an {@link ImageModelContract}: images preprocessed one by
 * one ({@link ImagePreprocessor}), then run in batches, the output reduced to one vector per image
 * and L2-normalised.
 *
 * <p>At load the model's declared input shape must be the one the contract feeds (channels, size,
 * layout; a dynamic axis in the model accepts anything), so a wrong contract fails before any
 * image is read rather than on the first batch. A model whose batch axis is fixed to 1 is run one
 * image at a time.
 *
 * <p>Thread-safe ({@link OrtSession#run} may be called concurrently); one per executor JVM.
 */
public class OnnxImageEncoder implements ImageEncoder {

  private final String source;
  private final ImageModelContract contract;
  private final ImagePreprocessor preprocessor;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean batchOfOne;
  private final EncoderInfo info;

  /**
   * @param source         the model's file path, shown in every error message
   * @param model          the .onnx bytes
   * @param contract       input/output names, size, layout, normalisation, output reduction
   * @param name           encoder name recorded in pool metadata
   * @param version        model version recorded in pool metadata
   * @param intraOpThreads ORT threads per run (1 under Spark: one task per core already)
   * @throws IllegalArgumentException naming {@code source} if the model cannot be loaded, lacks the
   *     contract's input/output (listing the ones it has) or declares another input shape
   */
  public OnnxImageEncoder(String source, byte[] model, ImageModelContract contract, String name,
      String version, int intraOpThreads) {
    this.source = Objects.requireNonNull(source, "source");
    this.contract = Objects.requireNonNull(contract, "contract");
    this.preprocessor = new ImagePreprocessor(contract);
    this.env = OnnxSessions.environment();
    this.session = OnnxSessions.open(source, model, intraOpThreads);
    try {
      long[] declared = checkInput();
      this.batchOfOne = declared[0] == 1;
      OnnxSessions.requireAllInputsFed(source, session, Set.of(contract.input()));
      OnnxSessions.output(source, session, contract.output(), "the image vector");
      int dim = forward(new float[contract.inputLength()], 1)[0].length; // shapes may be dynamic: ask
      String layer = contract.output()
          + (contract.reduction() == ImageModelContract.Reduction.GLOBAL_AVERAGE_POOL ? " global-average-pooled" : "");
      this.info = new EncoderInfo(name, version, OnnxSessions.sha256(model), layer, dim);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The model's declared input shape, checked against the contract's. */
  private long[] checkInput() {
    TensorInfo in = OnnxSessions.input(source, session, contract.input(), "the image");
    long[] declared = in.getShape();
    long[] wanted = contract.inputShape();
    boolean ok = in.type == OnnxJavaType.FLOAT && declared.length == wanted.length;
    for (int i = 1; ok && i < wanted.length; i++) {
      ok = declared[i] < 0 || declared[i] == wanted[i];
    }
    if (!ok) {
      throw new IllegalArgumentException("model " + source + " input '" + contract.input() + "' is "
          + in.type + " " + OnnxSessions.shape(declared) + " but the contract (" + contract.size() + " x "
          + contract.size() + " " + contract.layout() + ", " + ImageModelContract.CHANNELS
          + " channels) feeds FLOAT " + OnnxSessions.shape(wanted));
    }
    return declared;
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public int inputLength() {
    return contract.inputLength();
  }

  @Override
  public float[] preprocess(BufferedImage image) {
    return preprocessor.apply(image);
  }

  @Override
  public float[][] encode(List<float[]> inputs) {
    int n = inputs.size();
    int len = contract.inputLength();
    for (int i = 0; i < n; i++) {
      if (inputs.get(i) == null || inputs.get(i).length != len) {
        throw new IllegalArgumentException("input " + i + " has " + (inputs.get(i) == null ? "no" : inputs.get(i).length)
            + " floats; " + source + " takes " + len + " (from preprocess)");
      }
    }
    if (batchOfOne) {
      float[][] out = new float[n][];
      for (int i = 0; i < n; i++) {
        out[i] = forward(inputs.get(i), 1)[0];
      }
      return out;
    }
    float[] all = new float[n * len];
    for (int i = 0; i < n; i++) {
      System.arraycopy(inputs.get(i), 0, all, i * len, len);
    }
    return n == 0 ? new float[0][] : forward(all, n);
  }

  private float[][] forward(float[] data, int n) {
    long[] shape = contract.inputShape();
    shape[0] = n;
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        OrtSession.Result result = session.run(Map.of(contract.input(), x), Set.of(contract.output()))) {
      OnnxTensor y = (OnnxTensor) result.get(contract.output()).orElseThrow();
      long[] outShape = y.getInfo().getShape();
      if (outShape.length < 2 || outShape[0] != n) {
        throw new IllegalStateException("model " + source + " output '" + contract.output() + "' has shape "
            + OnnxSessions.shape(outShape) + " for a batch of " + n);
      }
      float[][] out = reduce(y.getFloatBuffer(), outShape);
      for (float[] v : out) {
        Vectors.l2NormalizeInPlace(v);
      }
      return out;
    } catch (OrtException e) {
      throw OnnxSessions.runFailed(source, e);
    }
  }

  /** Per image: as is (flattened), or the mean over every axis but batch and channels. */
  private float[][] reduce(FloatBuffer values, long[] shape) {
    int n = (int) shape[0];
    int per = values.remaining() / n;
    boolean pool = contract.reduction() == ImageModelContract.Reduction.GLOBAL_AVERAGE_POOL && shape.length > 2;
    int channels = pool ? (int) (contract.layout() == ImageModelContract.Layout.NCHW ? shape[1] : shape[shape.length - 1]) : per;
    int spatial = per / channels;
    float[][] out = new float[n][channels];
    for (int i = 0; i < n; i++) {
      int base = i * per;
      if (!pool) {
        values.get(base, out[i]);
        continue;
      }
      for (int c = 0; c < channels; c++) {
        double acc = 0;
        for (int s = 0; s < spatial; s++) {
          acc += contract.layout() == ImageModelContract.Layout.NCHW
              ? values.get(base + c * spatial + s)
              : values.get(base + s * channels + c);
        }
        out[i][c] = (float) (acc / spatial);
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // Closing only frees native memory; nothing for the caller to act on.
    }
  }
}
