package org.ascmr.data;

import java.util.List;
import java.util.Map;
import org.ascmr.features.encode.EncoderInfo;

/**
 * Kind-specific part of a pool's metadata.json ({@code details.pool}): what the vectors mean.
 *
 * @param source          where the pairs came from (bundle directory or MAT file)
 * @param imageDim        length of every {@code image} vector
 * @param textDim         length of every {@code text} vector
 * @param imageFeatures   how the image vector was made (descriptor name and version)
 * @param textFeatures    how the text vector was made
 * @param labelNames      label names in multi-hot order
 * @param vocabulary      text vocabulary in feature order (empty for imported features)
 * @param splitCounts     rows per split
 * @param notes           free-text notes, e.g. how a val split was carved out
 * @param imageEncoder    the encoder that made the image vectors (name, version, weights checksum,
 *                        layer); null for imported features and pools written before encoders
 * @param textEncoder     the same for the text vectors; null for TF-IDF, imported or older pools
 */
public record PoolInfo(
    String source,
    int imageDim,
    int textDim,
    String imageFeatures,
    String textFeatures,
    List<String> labelNames,
    List<String> vocabulary,
    Map<String, Long> splitCounts,
    List<String> notes,
    EncoderInfo imageEncoder,
    EncoderInfo textEncoder) {

  public static final String DETAIL_KEY = "pool";

  public PoolInfo {
    labelNames = List.copyOf(labelNames);
    vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
    splitCounts = splitCounts == null ? Map.of() : Map.copyOf(splitCounts);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** A pool whose vectors no bundled or user model made (imported features, test fixtures). */
  public PoolInfo(String source, int imageDim, int textDim, String imageFeatures, String textFeatures,
      List<String> labelNames, List<String> vocabulary, Map<String, Long> splitCounts, List<String> notes) {
    this(source, imageDim, textDim, imageFeatures, textFeatures, labelNames, vocabulary, splitCounts, notes, null,
        null);
  }

  /** Rows of {@code split} as the pool's metadata records them (0 when it records none). */
  public long rows(Split split) {
    return splitCounts.getOrDefault(split.id(), 0L);
  }

  public int numLabels() {
    return labelNames.size();
  }
}
