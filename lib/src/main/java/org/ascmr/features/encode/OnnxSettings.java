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
 * The {@code extract.onnx.*} settings: where a user's ONNX models are (any Hadoop filesystem
 * path) and their input/output contract. This is how a CLIP, ResNet or BERT export a team already
 * has replaces the bundled encoders.
 */
public record OnnxSettings(String imageModel, String imageInput, String imageOutput, int imageSize,
    String imageLayout, List<String> imageMean, List<String> imageStd, double imageScale, String imageReduce,
    String textModel, String textTokenizer, String textIdsInput, String textMaskInput, String textTypeIdsInput,
    String textOutput, String textPooling, int textMaxLength, boolean textNormalise) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Setting<String> IMAGE_MODEL = Setting.ofOptionalString("extract.onnx.image.model",
      "path of your ONNX image model (any Hadoop filesystem), for extract.imageEncoder = onnx");
  public static final Setting<String> IMAGE_INPUT = Setting.ofString("extract.onnx.image.input", "pixel_values",
      "name of the image model's input tensor", Check.nonEmpty());
  public static final Setting<String> IMAGE_OUTPUT = Setting.ofOptionalString("extract.onnx.image.output",
      "name of the image model's output tensor (required with extract.imageEncoder = onnx)");
  public static final Setting<String> IMAGE_REDUCE = Setting.ofString("extract.onnx.image.reduce", "pool",
      "how an output of rank > 2 becomes one vector: pool (average over the spatial axes) or as-is (flatten)",
      Check.nonEmpty());
  public static final Setting<Integer> IMAGE_SIZE = Setting.ofInt("extract.onnx.image.size", 224,
      "side of the square input the image model expects (pixels)", Check.between(8, 2048));
  public static final Setting<String> IMAGE_LAYOUT = Setting.ofString("extract.onnx.image.layout", "nchw",
      "input layout of the image model: nchw or nhwc", Check.nonEmpty());
  public static final Setting<List<String>> IMAGE_MEAN = Setting.ofStringList("extract.onnx.image.mean",
      List.of("0.485", "0.456", "0.406"), "per-channel (R,G,B) mean subtracted after scaling", Check.any());
  public static final Setting<List<String>> IMAGE_STD = Setting.ofStringList("extract.onnx.image.std",
      List.of("0.229", "0.224", "0.225"), "per-channel (R,G,B) standard deviation divided by after the mean",
      Check.any());
  public static final Setting<Double> IMAGE_SCALE = Setting.ofDouble("extract.onnx.image.scale", 1.0 / 255,
      "factor applied to 0..255 pixel values before mean/std", Check.positive());
  public static final Setting<String> TEXT_MODEL = Setting.ofOptionalString("extract.onnx.text.model",
      "path of your ONNX text model (any Hadoop filesystem), for extract.textEncoder = onnx");
  public static final Setting<String> TEXT_TOKENIZER = Setting.ofOptionalString("extract.onnx.text.tokenizer",
      "path of the text model's Hugging Face tokenizer.json (WordPiece)");
  public static final Setting<String> TEXT_IDS = Setting.ofString("extract.onnx.text.inputIds", "input_ids",
      "name of the text model's token-id input", Check.nonEmpty());
  public static final Setting<String> TEXT_MASK = Setting.ofString("extract.onnx.text.attentionMask",
      "attention_mask", "name of the text model's attention-mask input", Check.nonEmpty());
  public static final Setting<String> TEXT_TYPE_IDS = Setting.ofString("extract.onnx.text.tokenTypeIds",
      "token_type_ids", "name of the token-type input, or 'none' if the model has none", Check.nonEmpty());
  public static final Setting<String> TEXT_OUTPUT = Setting.ofString("extract.onnx.text.output",
      "last_hidden_state", "name of the text model's output tensor", Check.nonEmpty());
  public static final Setting<String> TEXT_POOLING = Setting.ofString("extract.onnx.text.pooling", "mean",
      "how token vectors become one vector: mean (over the attention mask) or cls", Check.nonEmpty());
  public static final Setting<Boolean> TEXT_NORMALISE = Setting.ofBoolean("extract.onnx.text.normalise", true,
      "L2-normalise each pooled text vector");
  public static final Setting<Integer> TEXT_MAX_LENGTH = Setting.ofInt("extract.onnx.text.maxLength", 256,
      "texts are truncated to this many tokens (with [CLS] and [SEP])", Check.between(3, 8192));

  public static final List<Setting<?>> IMAGE_SETTINGS = List.of(IMAGE_MODEL, IMAGE_INPUT, IMAGE_OUTPUT, IMAGE_SIZE,
      IMAGE_LAYOUT, IMAGE_MEAN, IMAGE_STD, IMAGE_SCALE, IMAGE_REDUCE);
  public static final List<Setting<?>> TEXT_SETTINGS = List.of(TEXT_MODEL, TEXT_TOKENIZER, TEXT_IDS, TEXT_MASK,
      TEXT_TYPE_IDS, TEXT_OUTPUT, TEXT_POOLING, TEXT_MAX_LENGTH, TEXT_NORMALISE);
  public static final List<Setting<?>> SETTINGS;

  static {
    List<Setting<?>> all = new java.util.ArrayList<>(IMAGE_SETTINGS);
    all.addAll(TEXT_SETTINGS);
    SETTINGS = List.copyOf(all);
  }

  public OnnxSettings {
    imageMean = List.copyOf(imageMean);
    imageStd = List.copyOf(imageStd);
    IMAGE_SIZE.check(imageSize);
    IMAGE_SCALE.check(imageScale);
    TEXT_MAX_LENGTH.check(textMaxLength);
    if (!List.of("nchw", "nhwc").contains(imageLayout)) {
      throw new ConfigException(IMAGE_LAYOUT.key(), "must be nchw or nhwc, was '" + imageLayout + "'");
    }
    if (!List.of("pool", "as-is").contains(imageReduce)) {
      throw new ConfigException(IMAGE_REDUCE.key(), "must be pool or as-is, was '" + imageReduce + "'");
    }
    if (!List.of("mean", "cls").contains(textPooling)) {
      throw new ConfigException(TEXT_POOLING.key(), "must be mean or cls, was '" + textPooling + "'");
    }
    channels(IMAGE_MEAN.key(), imageMean);
    float[] std = channels(IMAGE_STD.key(), imageStd);
    for (float s : std) {
      if (!(s > 0)) throw new ConfigException(IMAGE_STD.key(), "every value must be > 0, was " + imageStd);
    }
  }

  public static OnnxSettings from(ConfigSource src) {
    return new OnnxSettings(src.get(IMAGE_MODEL), src.get(IMAGE_INPUT), src.get(IMAGE_OUTPUT), src.get(IMAGE_SIZE),
        src.get(IMAGE_LAYOUT), src.get(IMAGE_MEAN), src.get(IMAGE_STD), src.get(IMAGE_SCALE), src.get(IMAGE_REDUCE), src.get(TEXT_MODEL),
        src.get(TEXT_TOKENIZER), src.get(TEXT_IDS), src.get(TEXT_MASK), src.get(TEXT_TYPE_IDS), src.get(TEXT_OUTPUT),
        src.get(TEXT_POOLING), src.get(TEXT_MAX_LENGTH), src.get(TEXT_NORMALISE));
  }

  /** The image model's contract these settings spell. */
  public ImageModelContract imageContract() {
    return new ImageModelContract(imageInput, imageOutput, imageSize,
        "nhwc".equals(imageLayout) ? ImageModelContract.Layout.NHWC : ImageModelContract.Layout.NCHW,
        doubles(channels(IMAGE_MEAN.key(), imageMean)), doubles(channels(IMAGE_STD.key(), imageStd)), imageScale,
        "as-is".equals(imageReduce) ? ImageModelContract.Reduction.AS_IS
            : ImageModelContract.Reduction.GLOBAL_AVERAGE_POOL);
  }

  /** The text model's contract these settings spell ({@code tokenTypeIds = none}: the model has none). */
  public TextModelContract textContract() {
    return new TextModelContract(textIdsInput, textMaskInput, "none".equals(textTypeIdsInput) ? null
        : textTypeIdsInput, textOutput, "cls".equals(textPooling) ? TextModelContract.Pooling.CLS
            : TextModelContract.Pooling.MEAN, textMaxLength, textNormalise);
  }

  private static List<Double> doubles(float[] v) {
    return List.of((double) v[0], (double) v[1], (double) v[2]);
  }

  private static float[] channels(String key, List<String> values) {
    if (values.size() != 3) throw new ConfigException(key, "needs 3 values (R,G,B), was " + values);
    float[] out = new float[3];
    for (int i = 0; i < 3; i++) {
      try {
        out[i] = Float.parseFloat(values.get(i).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "'" + values.get(i) + "' is not a number");
      }
    }
    return out;
  }

  /** Every setting as a config file spells it, for metadata. */
  Map<String, String> effective() {
    Map<String, String> m = new TreeMap<>();
    m.put(IMAGE_MODEL.key(), IMAGE_MODEL.render(imageModel));
    m.put(IMAGE_INPUT.key(), imageInput);
    m.put(IMAGE_OUTPUT.key(), IMAGE_OUTPUT.render(imageOutput));
    m.put(IMAGE_SIZE.key(), IMAGE_SIZE.render(imageSize));
    m.put(IMAGE_LAYOUT.key(), imageLayout);
    m.put(IMAGE_MEAN.key(), IMAGE_MEAN.render(imageMean));
    m.put(IMAGE_STD.key(), IMAGE_STD.render(imageStd));
    m.put(IMAGE_SCALE.key(), IMAGE_SCALE.render(imageScale));
    m.put(IMAGE_REDUCE.key(), imageReduce);
    m.put(TEXT_MODEL.key(), TEXT_MODEL.render(textModel));
    m.put(TEXT_TOKENIZER.key(), TEXT_TOKENIZER.render(textTokenizer));
    m.put(TEXT_IDS.key(), textIdsInput);
    m.put(TEXT_MASK.key(), textMaskInput);
    m.put(TEXT_TYPE_IDS.key(), textTypeIdsInput);
    m.put(TEXT_OUTPUT.key(), textOutput);
    m.put(TEXT_POOLING.key(), textPooling);
    m.put(TEXT_MAX_LENGTH.key(), TEXT_MAX_LENGTH.render(textMaxLength));
    m.put(TEXT_NORMALISE.key(), TEXT_NORMALISE.render(textNormalise));
    return m;
  }
}
