package org.ascmr.features;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.error.ConfigException;
import org.ascmr.features.encode.EncoderConfig;

/**
 * Settings of {@code ascmr extract}: the image descriptor's geometry (README "Image descriptor")
 * and the text features' vocabulary (README "Text features"). Serializable because the job ships
 * it to executors.
 *
 * @param canvas         side of the square canvas every image is letterboxed onto, pixels
 * @param colorBins      bins per RGB channel of the colour histogram (colorBins^3 values)
 * @param orientations   unsigned gradient-orientation bins over [0, pi)
 * @param cells          grid cells per canvas side for the orientation histograms (cells^2 of them)
 * @param thumbnail      side of the grey "ink" thumbnail (thumbnail^2 values)
 * @param vocabSize      most terms kept, by train term frequency
 * @param minDocFreq     a term must occur in at least this many train texts
 * @param minTokenLength shorter tokens are dropped
 * @param stopWords      remove Spark's English stop words
 * @param normaliseText  L2-normalise each text vector after TF-IDF
 * @param encoders       which encoder makes each modality's vector (the descriptor and TF-IDF
 *                       settings above apply only when those are chosen)
 */
public record ExtractConfig(int canvas, int colorBins, int orientations, int cells, int thumbnail, int vocabSize,
    int minDocFreq, int minTokenLength, boolean stopWords, boolean normaliseText, EncoderConfig encoders)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final Setting<Integer> CANVAS = Setting.ofInt("extract.canvas", 64,
      "side of the square canvas images are letterboxed onto (pixels)", Check.between(8, 1024));
  public static final Setting<Integer> COLOR_BINS = Setting.ofInt("extract.colorBins", 4,
      "colour-histogram bins per RGB channel (bins^3 values)", Check.between(1, 16));
  public static final Setting<Integer> ORIENTATIONS = Setting.ofInt("extract.orientations", 8,
      "unsigned gradient-orientation bins over [0, pi)", Check.between(1, 36));
  public static final Setting<Integer> CELLS = Setting.ofInt("extract.cells", 4,
      "grid cells per canvas side for the orientation histograms (cells^2 histograms)", Check.between(1, 16));
  public static final Setting<Integer> THUMBNAIL = Setting.ofInt("extract.thumbnail", 8,
      "side of the grey ink thumbnail (thumbnail^2 values)", Check.between(1, 64));
  public static final Setting<Integer> VOCAB_SIZE = Setting.ofInt("extract.vocabSize", 1000,
      "text vocabulary size: most frequent train terms kept (= text dim)", Check.atLeast(1));
  public static final Setting<Integer> MIN_DOC_FREQ = Setting.ofInt("extract.minDocFreq", 2,
      "a term must occur in at least this many train texts", Check.atLeast(1));
  public static final Setting<Integer> MIN_TOKEN_LENGTH = Setting.ofInt("extract.minTokenLength", 2,
      "tokens shorter than this are dropped", Check.atLeast(1));
  public static final Setting<Boolean> STOP_WORDS = Setting.ofBoolean("extract.stopWords", true,
      "remove English stop words (Spark ML's list) before counting terms");
  public static final Setting<Boolean> NORMALISE_TEXT = Setting.ofBoolean("extract.normaliseText", true,
      "L2-normalise each TF-IDF text vector");

  public static final List<Setting<?>> SETTINGS;

  static {
    List<Setting<?>> all = new java.util.ArrayList<>(List.of(CANVAS, COLOR_BINS, ORIENTATIONS, CELLS, THUMBNAIL,
        VOCAB_SIZE, MIN_DOC_FREQ, MIN_TOKEN_LENGTH, STOP_WORDS, NORMALISE_TEXT));
    all.addAll(EncoderConfig.SETTINGS);
    SETTINGS = List.copyOf(all);
  }

  public ExtractConfig {
    CANVAS.check(canvas);
    COLOR_BINS.check(colorBins);
    ORIENTATIONS.check(orientations);
    CELLS.check(cells);
    THUMBNAIL.check(thumbnail);
    VOCAB_SIZE.check(vocabSize);
    MIN_DOC_FREQ.check(minDocFreq);
    MIN_TOKEN_LENGTH.check(minTokenLength);
    java.util.Objects.requireNonNull(encoders, "encoders");
    // Cells and the thumbnail subdivide the canvas: more of them than pixels would be empty.
    if (cells > canvas) {
      throw new ConfigException(CELLS.key(), "must be <= extract.canvas (" + canvas + "), was " + cells);
    }
    if (thumbnail > canvas) {
      throw new ConfigException(THUMBNAIL.key(), "must be <= extract.canvas (" + canvas + "), was " + thumbnail);
    }
  }

  public static ExtractConfig from(ConfigSource src) {
    return new ExtractConfig(src.get(CANVAS), src.get(COLOR_BINS), src.get(ORIENTATIONS), src.get(CELLS),
        src.get(THUMBNAIL), src.get(VOCAB_SIZE), src.get(MIN_DOC_FREQ), src.get(MIN_TOKEN_LENGTH),
        src.get(STOP_WORDS), src.get(NORMALISE_TEXT), EncoderConfig.from(src));
  }

  public static ExtractConfig defaults() {
    return from(ConfigSource.empty());
  }

  /** Every setting with its value as a config file spells it, in key order (for metadata). */
  public Map<String, String> effective() {
    Map<String, String> m = new TreeMap<>();
    m.put(CANVAS.key(), CANVAS.render(canvas));
    m.put(COLOR_BINS.key(), COLOR_BINS.render(colorBins));
    m.put(ORIENTATIONS.key(), ORIENTATIONS.render(orientations));
    m.put(CELLS.key(), CELLS.render(cells));
    m.put(THUMBNAIL.key(), THUMBNAIL.render(thumbnail));
    m.put(VOCAB_SIZE.key(), VOCAB_SIZE.render(vocabSize));
    m.put(MIN_DOC_FREQ.key(), MIN_DOC_FREQ.render(minDocFreq));
    m.put(MIN_TOKEN_LENGTH.key(), MIN_TOKEN_LENGTH.render(minTokenLength));
    m.put(STOP_WORDS.key(), STOP_WORDS.render(stopWords));
    m.put(NORMALISE_TEXT.key(), NORMALISE_TEXT.render(normaliseText));
    m.putAll(encoders.effective());
    return m;
  }

  /** The image descriptor these settings describe. */
  public ImageDescriptor imageDescriptor() {
    return new ImageDescriptor(canvas, colorBins, orientations, cells, thumbnail);
  }

  /** How the text vector is made, for PoolInfo.textFeatures. */
  public String textFeaturesSpec() {
    return "ascmr-text-tfidf-v1: RegexTokenizer(lower case, split on non letters/digits, min length "
        + minTokenLength + ")" + (stopWords ? ", English stop words removed" : "")
        + ", vocabulary = top " + vocabSize + " train terms by term frequency (ties by term) with document frequency >= "
        + minDocFreq + ", TF-IDF with idf = ln((n+1)/(df+1)) fitted on train"
        + (normaliseText ? ", L2-normalised" : "");
  }
}
