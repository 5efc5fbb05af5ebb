package org.ascmr.select;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;

/**
 * Settings of the coverage selection that {@code ascmr} uses (docs/method.md, "What we changed"):
 * cluster a label-free space of the pool into |L| + b clusters, label the most typical pair of
 * each cluster that has no label yet, and blend in the current model's uncertainty once the
 * labelled set is large enough for it to mean something.
 *
 * @param space            where the pairs are clustered: {@code cca} = a CCA of image against text
 *                         fitted on the pool's pairing (no labels), {@code model} = the current
 *                         retrieval model's joint embedding
 * @param neighbours       typicality = 1 / mean distance to this many nearest pairs of the pool
 * @param minClusterSize   clusters smaller than this are outliers, left for last
 * @param weight           weight of the model's uncertainty against typicality inside a cluster (0 = pure
 *                         typicality, 1 = pure uncertainty)
 * @param weightFrom       labelled fraction of the pool from which the weight applies (before it: 0)
 * @param iterations       Lloyd iterations of the k-means
 */
public record CoverageConfig(Space space, int neighbours, int minClusterSize, double weight, double weightFrom,
    int iterations) {

  /** The space the pool is clustered in. */
  public enum Space {
    /** Canonical correlation of image against text over the pool's pairs: uses the pairing, never a label. */
    CCA,
    /** The current retrieval model's joint embedding (trained on the labelled set). */
    MODEL
  }

  public static final Setting<Space> SPACE = Setting.ofEnum("select.space", Space.class, Space.CCA,
      "space the pool is clustered in: cca (image vs text CCA of the pool's pairs, no labels) or model "
          + "(the current retrieval model's joint embedding)");
  public static final Setting<Integer> NEIGHBOURS = Setting.ofInt("select.neighbours", 20,
      "typicality = 1 / mean distance to this many nearest pairs of the pool", Check.atLeast(1));
  public static final Setting<Integer> MIN_CLUSTER_SIZE = Setting.ofInt("select.minClusterSize", 5,
      "clusters with fewer pairs are treated as outliers and served last", Check.atLeast(1));
  public static final Setting<Double> WEIGHT = Setting.ofDouble("select.uncertaintyWeight", 0.0,
      "weight of the model's uncertainty against typicality when choosing inside a cluster (0..1)",
      Check.between(0.0, 1.0));
  public static final Setting<Double> WEIGHT_FROM = Setting.ofDouble("select.uncertaintyFrom", 0.0,
      "labelled fraction of the pool from which select.uncertaintyWeight applies (below it: typicality alone)",
      Check.between(0.0, 1.0));
  public static final Setting<Integer> ITERATIONS = Setting.ofInt("select.kmeansIterations", 50,
      "Lloyd iterations of the seeded k-means", Check.atLeast(1));

  /**
   * Not a record field: read where a workspace round builds its space. Typicality is an exact
   * all-pairs pass and the k-means runs over every pair, both on the driver (O(n^2 d) and O(n k d)
   * per iteration): minutes at 50,000 pairs, days at millions. Above this a round runs the selection
   * on a seeded uniform sample of about this many train pairs instead (drawn on the executors).
   */
  public static final Setting<Integer> MAX_PAIRS = Setting.ofInt("select.maxPairs", 50_000,
      "most train pairs the coverage selection (round.selection=coverage, --bootstrap typical) works on; a larger"
          + " pool is sampled uniformly (seeded) down to about this many, as the selection is O(n^2) on the driver",
      Check.atLeast(1));

  public static final List<Setting<?>> SETTINGS = List.of(SPACE, NEIGHBOURS, MIN_CLUSTER_SIZE, WEIGHT, WEIGHT_FROM,
      ITERATIONS, MAX_PAIRS);

  public CoverageConfig {
    NEIGHBOURS.check(neighbours);
    MIN_CLUSTER_SIZE.check(minClusterSize);
    WEIGHT.check(weight);
    WEIGHT_FROM.check(weightFrom);
    ITERATIONS.check(iterations);
  }

  public static CoverageConfig from(ConfigSource src) {
    return new CoverageConfig(src.get(SPACE), src.get(NEIGHBOURS), src.get(MIN_CLUSTER_SIZE), src.get(WEIGHT),
        src.get(WEIGHT_FROM), src.get(ITERATIONS));
  }

  public static CoverageConfig defaults() {
    return from(ConfigSource.empty());
  }

  /** The uncertainty weight in force when {@code labelledFraction} of the pool is labelled. */
  public double weightAt(double labelledFraction) {
    return labelledFraction + 1e-12 >= weightFrom ? weight : 0.0;
  }
}
