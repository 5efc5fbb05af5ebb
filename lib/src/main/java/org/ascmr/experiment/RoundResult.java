package org.ascmr.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one active-learning round records (issue 6, method.md §1): which strategy and seed, how many
 * pool pairs were labelled when the model was trained, its test and val mAP@all, statistics of the
 * batch selected in this round, and the wall time of each stage. The full-supervision ceiling of a
 * seed is recorded as a row with strategy {@link #CEILING} and every train pair labelled.
 *
 * @param strategy               selection strategy name (random, entropy, ..., ascmr) or {@link #CEILING}
 * @param seed                   experiment seed (same initial labelled set for every strategy)
 * @param round                  0 = trained on the initial labelled set, then 1, 2, ...
 * @param labelled               labelled pairs the model of this round was trained on
 * @param poolSize               pairs in the pool (train split)
 * @param testI2t                test mAP@all, image to text
 * @param testT2i                test mAP@all, text to image
 * @param valMean                val mean mAP@all (null when not measured)
 * @param meanInformativeness    mean informativeness I_i of the batch selected after this round's
 *                               training (null when the strategy has no such score, or no batch)
 * @param meanPairwiseSimilarity mean cosine over all pairs of the batch (see {@link SelectionStatistics})
 * @param labelCoverage          share of the C labels present in the batch's (revealed) labels
 * @param stageSeconds           wall seconds per stage; keys from {@link #STAGES} (others allowed)
 */
public record RoundResult(
    String strategy,
    long seed,
    int round,
    long labelled,
    long poolSize,
    double testI2t,
    double testT2i,
    Double valMean,
    Double meanInformativeness,
    Double meanPairwiseSimilarity,
    Double labelCoverage,
    Map<String, Double> stageSeconds) {

  /** Strategy name of the full-supervision ceiling rows. */
  public static final String CEILING = "ceiling";
  public static final String TRAIN = "train";
  public static final String EMBED = "embed";
  public static final String SCORE = "score";
  public static final String DENSITY = "density";
  public static final String SELECT = "select";
  public static final String EVALUATE = "evaluate";
  /** The stages of one round in the order they run (and are stacked in the report). */
  public static final List<String> STAGES = List.of(TRAIN, EMBED, SCORE, DENSITY, SELECT, EVALUATE);

  public RoundResult {
    if (strategy == null || strategy.isBlank()) throw new IllegalArgumentException("strategy must be named");
    if (round < 0) throw new IllegalArgumentException("round must be >= 0, was " + round);
    if (poolSize < 1 || labelled < 0 || labelled > poolSize) {
      throw new IllegalArgumentException("need 0 <= labelled <= poolSize and poolSize >= 1, were " + labelled + ", "
          + poolSize);
    }
    checkMap("testI2t", testI2t);
    checkMap("testT2i", testT2i);
    if (valMean != null) checkMap("valMean", valMean);
    if (labelCoverage != null) checkMap("labelCoverage", labelCoverage);
    if (meanInformativeness != null && !Double.isFinite(meanInformativeness)) {
      throw new IllegalArgumentException("meanInformativeness must be finite, was " + meanInformativeness);
    }
    if (meanPairwiseSimilarity != null && !(meanPairwiseSimilarity >= -1 && meanPairwiseSimilarity <= 1)) {
      throw new IllegalArgumentException("meanPairwiseSimilarity must be in [-1, 1], was " + meanPairwiseSimilarity);
    }
    Map<String, Double> copy = new TreeMap<>();
    if (stageSeconds != null) {
      stageSeconds.forEach((k, v) -> {
        if (v == null || !(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("stage seconds must be finite and >= 0, " + k + " was " + v);
        }
        copy.put(k, v);
      });
    }
    stageSeconds = copy;
  }

  private static void checkMap(String name, double v) {
    if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], was " + v);
  }

  /** Labelled share of the pool, the x axis of every curve. */
  public double fraction() {
    return (double) labelled / poolSize;
  }

  /** Mean of test I2T and T2I: the number every summary is about. */
  public double testMean() {
    return (testI2t + testT2i) / 2;
  }

  @JsonIgnore
  public boolean isCeiling() {
    return CEILING.equals(strategy);
  }

  /** Seconds of one stage, 0 when not recorded. */
  public double seconds(String stage) {
    return stageSeconds.getOrDefault(stage, 0.0);
  }
}
