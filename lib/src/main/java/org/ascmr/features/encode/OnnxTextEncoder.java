package org.ascmr.features.encode;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A BERT-style ONNX text model (a user's file, or the bundled {@link MiniLmEncoder}) with its
 * WordPiece tokenizer.json, pooled per the {@link TextModelContract}.
 *
 * <p>Each text goes through the network on its own ({@code [1, length]}, no padding), even though
 * {@link #encode} takes a batch. Quantised exports such as all-MiniLM-L6-v2-q use dynamic
 * quantisation (DynamicQuantizeLinear), whose scale is taken over the whole input tensor: in a
 * padded batch a text's vector would depend on its neighbours and on the padding, i.e. on how
 * Spark happened to partition the rows. One text per run makes a text's vector a function of the
 * text alone, and was faster on the CPU for short captions, padding being wasted work (324 against
 * 139 sentences/s in calls of 32, MiniLmEncoderBenchTest). {@link #encodePadded} keeps the
 * padded path for that comparison.
 *
 * <p>Thread-safe: the tokenizer is immutable and {@link OrtSession#run} may be called concurrently.
 * Create one per executor JVM and share it; {@link #close} releases the native session.
 */
public class OnnxTextEncoder implements TextEncoder {

  private final String source;
  private final WordPieceTokenizer tokenizer;
  private final TextModelContract contract;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final EncoderInfo info;

  /**
   * @param source         the model's file path (or resource name), shown in every error message
   * @param model          the .onnx bytes
   * @param tokenizerJson  the Hugging Face tokenizer.json bytes (BERT WordPiece)
   * @param contract       names of the inputs/outputs and the pooling
   * @param name           encoder name recorded in pool metadata
   * @param version        model version recorded in pool metadata
   * @param intraOpThreads ORT threads per run (1 under Spark: one task per core already)
   * @throws IllegalArgumentException naming {@code source} if the model cannot be loaded or does not
   *     have the contract's inputs/outputs (the message lists the ones it has)
   */
  public OnnxTextEncoder(String source, byte[] model, byte[] tokenizerJson, TextModelContract contract,
      String name, String version, int intraOpThreads) {
    this.source = Objects.requireNonNull(source, "source");
    this.contract = Objects.requireNonNull(contract, "contract");
    this.tokenizer = WordPieceTokenizer.fromJson(source + " tokenizer", tokenizerJson);
    this.env = OnnxSessions.environment();
    this.session = OnnxSessions.open(source, model, intraOpThreads);
    try {
      this.info = new EncoderInfo(name, version, OnnxSessions.sha256(model), layer(contract), checkContract());
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  private static String layer(TextModelContract c) {
    return c.pooling().label() + "-pooled " + c.output() + (c.normalize() ? "" : " (not normalised)");
  }

  /** Checks names and ranks against the model; returns the vector length. */
  private int checkContract() {
    Set<String> fed = new HashSet<>();
    for (String[] in : inputs()) {
      TensorInfo t = OnnxSessions.input(source, session, in[0], in[1]);
      if (t.getShape().length != 2 || t.type != OnnxJavaType.INT64) {
        throw new IllegalArgumentException("model " + source + " input '" + in[0] + "' is " + t.type + " "
            + OnnxSessions.shape(t.getShape()) + "; the text contract feeds INT64 [batch, length]");
      }
      fed.add(in[0]);
    }
    OnnxSessions.requireAllInputsFed(source, session, fed);
    TensorInfo out = OnnxSessions.output(source, session, contract.output(), "the per-token states");
    long[] shape = out.getShape();
    if (shape.length != 3) {
      throw new IllegalArgumentException("model " + source + " output '" + contract.output()
          + "' has shape " + OnnxSessions.shape(shape) + "; the text contract needs [batch, length, dim]");
    }
    if (shape[2] > 0) {
      return (int) shape[2];
    }
    return forward(List.of(tokenizer.encode("a", contract.maxLength())))[0].length; // dim not declared
  }

  /** {name, role} of each input the contract feeds. */
  private List<String[]> inputs() {
    List<String[]> in = new ArrayList<>();
    in.add(new String[] {contract.idsInput(), "the token ids"});
    in.add(new String[] {contract.maskInput(), "the attention mask"});
    if (contract.typeIdsInput() != null) {
      in.add(new String[] {contract.typeIdsInput(), "the token type ids"});
    }
    return in;
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  /** The tokenizer, for callers that want to count or inspect word pieces. */
  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  public TextModelContract contract() {
    return contract;
  }

  @Override
  public float[][] encode(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = forward(List.of(ids(texts.get(i))))[0];
    }
    return out;
  }

  /**
   * All texts in one padded forward pass (mean pooling still skips the padding). Not used by
   * {@link #encode}: kept to measure and test why one text per run is the default.
   */
  float[][] encodePadded(List<String> texts) {
    List<long[]> ids = new ArrayList<>(texts.size());
    for (String t : texts) {
      ids.add(ids(t));
    }
    return forward(ids);
  }

  private long[] ids(String text) {
    return tokenizer.encode(Objects.requireNonNull(text, "text"), contract.maxLength());
  }

  /** One run over right-padded sequences; pooled (and normalised) vectors in input order. */
  private float[][] forward(List<long[]> seqs) {
    int n = seqs.size();
    if (n == 0) {
      return new float[0][];
    }
    int len = 0;
    for (long[] s : seqs) {
      len = Math.max(len, s.length);
    }
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    for (int i = 0; i < n; i++) {
      long[] s = seqs.get(i);
      System.arraycopy(s, 0, ids, i * len, s.length); // pad id 0
      java.util.Arrays.fill(mask, i * len, i * len + s.length, 1L);
    }
    long[] shape = {n, len};
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      feed.put(contract.idsInput(), OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      feed.put(contract.maskInput(), OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (contract.typeIdsInput() != null) {
        feed.put(contract.typeIdsInput(), OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * len]), shape));
      }
      try (OrtSession.Result result = session.run(feed, Set.of(contract.output()))) {
        Optional<OnnxValue> value = result.get(contract.output());
        OnnxTensor states = (OnnxTensor) value.orElseThrow();
        long[] outShape = states.getInfo().getShape();
        if (outShape.length != 3 || outShape[0] != n || outShape[1] != len) {
          throw new IllegalStateException("model " + source + " output '" + contract.output() + "' has shape "
              + OnnxSessions.shape(outShape) + " for input [" + n + ", " + len + "]");
        }
        return pool(states.getFloatBuffer(), n, len, (int) outShape[2], mask);
      }
    } catch (OrtException e) {
      throw OnnxSessions.runFailed(source, e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  private float[][] pool(FloatBuffer states, int n, int len, int dim, long[] mask) {
    float[][] out = new float[n][dim];
    double[] acc = new double[dim];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(acc, 0);
      int count = 0;
      int positions = contract.pooling() == TextModelContract.Pooling.CLS ? 1 : len;
      for (int p = 0; p < positions; p++) {
        if (mask[i * len + p] == 0) {
          continue;
        }
        int base = (i * len + p) * dim;
        for (int d = 0; d < dim; d++) {
          acc[d] += states.get(base + d);
        }
        count++;
      }
      for (int d = 0; d < dim; d++) {
        out[i][d] = (float) (acc[d] / count);
      }
      if (contract.normalize()) {
        Vectors.l2NormalizeInPlace(out[i]);
      }
    }
    return out;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      session.close();
    } catch (OrtException e) {
      // Closing a session only frees native memory; nothing for the caller to act on.
    }
  }
}
