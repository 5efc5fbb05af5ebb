package org.ascmr.features.encode;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.ascmr.io.Fingerprint;

/**
 * Opening ONNX Runtime sessions the same way for every encoder, and turning ORT's errors into
 * messages that name the model file. Package-private plumbing, not an API.
 */
final class OnnxSessions {

  private OnnxSessions() {}

  /** The JVM's one ORT environment (ORT allows one; the native library is loaded on first use). */
  static OrtEnvironment environment() {
    OnnxNativeLibrary.prepare();
    return OrtEnvironment.getEnvironment();
  }

  /**
   * A CPU session over in-memory model bytes.
   *
   * @param intraOpThreads threads ORT may use inside one run: 1 by default because Spark already
   *     runs one task per core, and ORT's own pool on top would oversubscribe them
   * @throws IllegalArgumentException naming {@code source} when the bytes are missing or ORT
   *     cannot load them as a model
   */
  static OrtSession open(String source, byte[] model, int intraOpThreads) {
    if (model == null || model.length == 0) {
      throw new IllegalArgumentException("model " + source + " is empty");
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + intraOpThreads);
    }
    OrtEnvironment env = environment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      // ORT's pool threads otherwise busy-wait between kernels, burning cores that Spark's other
      // tasks need: with 2 threads on a busy 2-core machine, 168-177 sentences/s spinning against
      // 243-327 without (MiniLM, one caller). No effect with 1 thread (no pool).
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      // Basic graph rewrites only (constant folding, redundant nodes). The extended fusions replace
      // a quantised model's DynamicQuantizeLinear + MatMulInteger chains with fused kernels that
      // round differently: all-MiniLM-L6-v2-q then moved by up to 0.011 per component (cosine
      // 0.9975) from the reference run of the same file, at no measured speed gain on one thread.
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      return env.createSession(model, options);
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "model " + source + " (" + model.length + " bytes) cannot be loaded by ONNX Runtime: "
              + e.getMessage(), e);
    }
  }

  /** Fails naming the model and its actual input names when {@code name} is not one of them. */
  static TensorInfo input(String source, OrtSession session, String name, String role) {
    try {
      return tensor(source, "input", session.getInputInfo(), name, role);
    } catch (OrtException e) {
      throw new IllegalArgumentException("model " + source + ": cannot read its inputs: " + e.getMessage(), e);
    }
  }

  /** Fails naming the model and its actual output names when {@code name} is not one of them. */
  static TensorInfo output(String source, OrtSession session, String name, String role) {
    try {
      return tensor(source, "output", session.getOutputInfo(), name, role);
    } catch (OrtException e) {
      throw new IllegalArgumentException("model " + source + ": cannot read its outputs: " + e.getMessage(), e);
    }
  }

  private static TensorInfo tensor(
      String source, String kind, Map<String, NodeInfo> infos, String name, String role) {
    NodeInfo info = infos.get(name);
    if (info == null) {
      throw new IllegalArgumentException("model " + source + " has no " + kind + " named '" + name
          + "' (for " + role + "); its " + kind + "s are " + infos.keySet());
    }
    if (!(info.getInfo() instanceof TensorInfo t)) {
      throw new IllegalArgumentException("model " + source + " " + kind + " '" + name
          + "' is not a tensor: " + info.getInfo());
    }
    return t;
  }

  /** Fails when the model needs an input the contract does not feed (ORT would fail every run). */
  static void requireAllInputsFed(String source, OrtSession session, Set<String> fed) {
    for (String name : session.getInputNames()) {
      if (!fed.contains(name)) {
        throw new IllegalArgumentException("model " + source + " has input '" + name
            + "' that the contract does not name; contract inputs " + fed + ", model inputs "
            + session.getInputNames());
      }
    }
  }

  static String shape(long[] shape) {
    return Arrays.toString(shape).replace("-1", "?");
  }

  /** The model bytes' SHA-256, lower-case hex (EncoderInfo.weightsSha256). */
  static String sha256(byte[] bytes) {
    return new Fingerprint().add(bytes).hex();
  }

  /** Wraps a failed run: it names the model, since the caller only knows which rows failed. */
  static IllegalStateException runFailed(String source, OrtException e) {
    return new IllegalStateException("model " + source + " failed to run: " + e.getMessage(), e);
  }
}
