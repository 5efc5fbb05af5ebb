package org.ascmr.features.encode;

import org.ascmr.features.ExtractConfig;

/**
 * Builds the encoders an {@link ExtractConfig} names. Bundled weights come from the classpath;
 * a user's ONNX files come through {@code reader} (the jobs module reads them with the Hadoop
 * FileSystem API). Loading is the expensive part: callers keep one instance per JVM.
 */
public final class Encoders {
  /** Reads a model file named in the config; errors name the path. */
  @FunctionalInterface
  public interface ModelReader {
    byte[] read(String path);
  }

  /** Version recorded for a user's model: its weights checksum is what identifies it. */
  static final String USER_MODEL = "user model";

  private Encoders() {}

  public static ImageEncoder image(ExtractConfig config, ModelReader reader) {
    EncoderConfig e = config.encoders();
    return switch (e.image()) {
      case DESCRIPTOR -> new DescriptorEncoder(config.imageDescriptor());
      case MOBILENET_V2 -> MobileNetV2Encoder.load(e.mobilenetLayer());
      case ONNX -> new OnnxImageEncoder(e.onnx().imageModel(), reader.read(e.onnx().imageModel()),
          e.onnx().imageContract(), "onnx", USER_MODEL, e.threads());
    };
  }

  /** The text encoder, or null for TF-IDF (which is fitted on the train split, not loaded). */
  public static TextEncoder text(EncoderConfig e, ModelReader reader) {
    return switch (e.text()) {
      case TFIDF -> null;
      case MINILM -> MiniLmEncoder.load(e.threads());
      case ONNX -> new OnnxTextEncoder(e.onnx().textModel(), reader.read(e.onnx().textModel()),
          reader.read(e.onnx().textTokenizer()), e.onnx().textContract(), "onnx", USER_MODEL, e.threads());
    };
  }
}
