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

  private Encoders() {}

  public static ImageEncoder image(ExtractConfig config, ModelReader reader) {
    EncoderConfig e = config.encoders();
    return switch (e.image()) {
      case DESCRIPTOR -> new DescriptorEncoder(config.imageDescriptor());
      case MOBILENET_V2, ONNX -> throw new UnsupportedOperationException("not built yet");
    };
  }

  /** The text encoder, or null for TF-IDF (which is fitted on the train split, not loaded). */
  public static TextEncoder text(EncoderConfig e, ModelReader reader) {
    return switch (e.text()) {
      case TFIDF -> null;
      case MINILM, ONNX -> throw new UnsupportedOperationException("not built yet");
    };
  }
}
