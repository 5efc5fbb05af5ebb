package org.ascmr.features.encode;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.error.ConfigException;

/**
 * Which encoder {@code ascmr extract} runs per modality, and how it runs on the executors. The
 * bundled pretrained encoders need no network and no file: their weights are on the classpath.
 * {@code onnx} runs a user's model whose I/O contract is given by the {@code extract.onnx.*}
 * settings ({@link OnnxSettings}).
 *
 * @param image          image encoder
 * @param text           text encoder
 * @param mobilenetLayer which MobileNetV2 output is pooled into the image vector
 * @param batchSize      images or texts per forward pass on an executor
 * @param threads        intra-op threads per task (ND4J / ONNX Runtime); 1 keeps Spark's cores honest
 * @param onnx           a user's ONNX models and their contracts
 */
public record EncoderConfig(ImageEncoderName image, TextEncoderName text, String mobilenetLayer, int batchSize,
    int threads, OnnxSettings onnx) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Image encoders {@code extract.imageEncoder} accepts. */
  public enum ImageEncoderName {
    /** The hand-made 256-d colour/gradient/thumbnail descriptor (README "Image descriptor"). */
    DESCRIPTOR,
    /** MobileNetV2 (ImageNet blocks, nsfwjs 4.4.0 weights) bundled with the project. */
    MOBILENET_V2,
    /** A user's ONNX image model (extract.onnx.image.*). */
    ONNX
  }

  /** Text encoders {@code extract.textEncoder} accepts. */
  public enum TextEncoderName {
    /** TF-IDF over a vocabulary fitted on the train split (README "Text features"). */
    TFIDF,
    /** all-MiniLM-L6-v2 sentence embeddings (8-bit ONNX), bundled through a Maven artefact. */
    MINILM,
    /** A user's ONNX text model with its tokenizer.json (extract.onnx.text.*). */
    ONNX
  }

  public static final Setting<ImageEncoderName> IMAGE = Setting.ofEnum("extract.imageEncoder",
      ImageEncoderName.class, ImageEncoderName.DESCRIPTOR,
      "image encoder: descriptor (hand-made 256-d), mobilenet-v2 (bundled, pretrained) or onnx (your model, "
          + "extract.onnx.image.*)");
  public static final Setting<TextEncoderName> TEXT = Setting.ofEnum("extract.textEncoder", TextEncoderName.class,
      TextEncoderName.MINILM,
      "text encoder: tfidf (vocabulary fitted on train), minilm (bundled all-MiniLM-L6-v2) or onnx (your model, "
          + "extract.onnx.text.*)");
  public static final Setting<String> MOBILENET_LAYER = Setting.ofString("extract.mobilenet.layer", "block_10_project_BN",
      "MobileNetV2 output that is average-pooled into the image vector", Check.nonEmpty());
  public static final Setting<Integer> BATCH_SIZE = Setting.ofInt("extract.encoder.batchSize", 32,
      "images or texts per forward pass of a pretrained encoder on an executor", Check.between(1, 4096));
  public static final Setting<Integer> THREADS = Setting.ofInt("extract.encoder.threads", 1,
      "intra-op threads per Spark task for a pretrained encoder (ND4J / ONNX Runtime); more than "
          + "cores / tasks-per-executor oversubscribes", Check.between(1, 256));

  public static final List<Setting<?>> SETTINGS;

  static {
    List<Setting<?>> all = new java.util.ArrayList<>(List.of(IMAGE, TEXT, MOBILENET_LAYER, BATCH_SIZE, THREADS));
    all.addAll(OnnxSettings.SETTINGS);
    SETTINGS = List.copyOf(all);
  }

  public EncoderConfig {
    BATCH_SIZE.check(batchSize);
    THREADS.check(threads);
    if (!MobileNetV2Encoder.LAYERS.containsKey(mobilenetLayer)) {
      throw new ConfigException(MOBILENET_LAYER.key(), "must be one of " + MobileNetV2Encoder.LAYERS.keySet()
          + ", was '" + mobilenetLayer + "'");
    }
    if (image == ImageEncoderName.ONNX && (onnx.imageModel() == null || onnx.imageOutput() == null)) {
      throw new ConfigException(onnx.imageModel() == null ? OnnxSettings.IMAGE_MODEL.key()
          : OnnxSettings.IMAGE_OUTPUT.key(), "must be set when extract.imageEncoder = onnx");
    }
    if (text == TextEncoderName.ONNX && (onnx.textModel() == null || onnx.textTokenizer() == null)) {
      throw new ConfigException(onnx.textModel() == null ? OnnxSettings.TEXT_MODEL.key()
          : OnnxSettings.TEXT_TOKENIZER.key(), "must be set when extract.textEncoder = onnx");
    }
  }

  public static EncoderConfig from(ConfigSource src) {
    return new EncoderConfig(src.get(IMAGE), src.get(TEXT), src.get(MOBILENET_LAYER), src.get(BATCH_SIZE),
        src.get(THREADS), OnnxSettings.from(src));
  }

  /** True when the image vectors come from a model rather than the hand-made descriptor. */
  public boolean pretrainedImage() {
    return image != ImageEncoderName.DESCRIPTOR;
  }

  /** True when the text vectors come from a model rather than TF-IDF. */
  public boolean pretrainedText() {
    return text != TextEncoderName.TFIDF;
  }

  /**
   * Every encoder setting as a config file spells it (recorded in metadata, so a changed setting
   * makes an existing pool out of date).
   */
  public Map<String, String> effective() {
    Map<String, String> m = new TreeMap<>();
    m.put(IMAGE.key(), IMAGE.render(image));
    m.put(TEXT.key(), TEXT.render(text));
    m.put(MOBILENET_LAYER.key(), mobilenetLayer);
    m.put(BATCH_SIZE.key(), BATCH_SIZE.render(batchSize));
    m.put(THREADS.key(), THREADS.render(threads));
    m.putAll(onnx.effective());
    return m;
  }
}
