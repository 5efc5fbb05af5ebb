package org.ascmr.density;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;

/**
 * Settings of {@code ascmr density}: the kNN graph of the unit vectors u and the semantic density
 * rho (method.md §5), computed with an IVF-style index (k-means coarse clusters, probe the
 * nearest {@code nprobe}). Defaults are provisional, to be tuned on the val split; {@code
 * nprobe} was chosen so that recall@10 >= 0.95 on the real-data test pool (README "Density").
 */
public record DensityConfig(int k, int clusters, int nprobe, int sampleSize, int kmeansIterations,
    int projectionDims, int recallQueries, double minRecall, int maxBlockRows, long seed) {

  /** Rows of the k-means sample per cluster when density.sampleSize is 0 (FAISS advises >= 30). */
  public static final int SAMPLE_PER_CLUSTER = 32;

  public static final Setting<Integer> K = Setting.ofInt("density.k", 10,
      "neighbours per item in the kNN graph; rho is the mean similarity to them", Check.atLeast(1));
  public static final Setting<Integer> CLUSTERS = Setting.ofInt("density.clusters", 0,
      "coarse (IVF) clusters; 0 = round(sqrt(pool size))", Check.atLeast(0));
  public static final Setting<Integer> NPROBE = Setting.ofInt("density.nprobe", 12,
      "nearest clusters each query searches (more = higher recall, slower)", Check.atLeast(1));
  public static final Setting<Integer> SAMPLE_SIZE = Setting.ofInt("density.sampleSize", 0,
      "rows (about) in the seeded sample that k-means is fitted on; 0 = " + SAMPLE_PER_CLUSTER + " per cluster",
      Check.atLeast(0));
  public static final Setting<Integer> KMEANS_ITERATIONS = Setting.ofInt("density.kmeansIterations", 5,
      "Lloyd iterations of the coarse k-means (coarse clusters need no convergence)", Check.atLeast(1));
  public static final Setting<Integer> PROJECTION_DIMS = Setting.ofInt("density.projectionDims", 0,
      "random projection of u to this many dims before the search (64-128 typical); 0 = none", Check.atLeast(0));
  public static final Setting<Integer> RECALL_QUERIES = Setting.ofInt("density.recallQueries", 500,
      "seeded sample of queries whose kNN lists are checked against exact search; 0 = skip", Check.atLeast(0));
  public static final Setting<Double> MIN_RECALL = Setting.ofDouble("density.minRecall", 0.0,
      "fail the run when the measured recall@k is below this; 0 = only report it", Check.between(0.0, 1.0));
  public static final Setting<Integer> MAX_BLOCK_ROWS = Setting.ofInt("density.maxBlockRows", 20_000,
      "largest block of one cluster searched at once; bigger clusters are split (bounds memory)",
      Check.atLeast(1));
  public static final Setting<Long> SEED = Setting.ofLong("density.seed", 0L,
      "seed of the k-means sample, k-means, the projection and the recall sample", Check.atLeastLong(Long.MIN_VALUE));

  public static final List<Setting<?>> SETTINGS = List.of(K, CLUSTERS, NPROBE, SAMPLE_SIZE, KMEANS_ITERATIONS,
      PROJECTION_DIMS, RECALL_QUERIES, MIN_RECALL, MAX_BLOCK_ROWS, SEED);

  public DensityConfig {
    K.check(k);
    CLUSTERS.check(clusters);
    NPROBE.check(nprobe);
    SAMPLE_SIZE.check(sampleSize);
    KMEANS_ITERATIONS.check(kmeansIterations);
    PROJECTION_DIMS.check(projectionDims);
    RECALL_QUERIES.check(recallQueries);
    MIN_RECALL.check(minRecall);
    MAX_BLOCK_ROWS.check(maxBlockRows);
  }

  public static DensityConfig from(ConfigSource src) {
    return new DensityConfig(src.get(K), src.get(CLUSTERS), src.get(NPROBE), src.get(SAMPLE_SIZE),
        src.get(KMEANS_ITERATIONS), src.get(PROJECTION_DIMS), src.get(RECALL_QUERIES), src.get(MIN_RECALL),
        src.get(MAX_BLOCK_ROWS), src.get(SEED));
  }

  public static DensityConfig defaults() {
    return from(ConfigSource.empty());
  }

  /** Coarse clusters for a pool of {@code n} items: the setting, or round(sqrt(n)); never above n. */
  public int clustersFor(long n) {
    long c = clusters > 0 ? clusters : Math.round(Math.sqrt(n));
    return (int) Math.max(1, Math.min(c, Math.max(1, n)));
  }

  /** Rows of the k-means sample for a pool of {@code n} items: the setting, or 32 per cluster. */
  public long sampleSizeFor(long n) {
    long s = sampleSize > 0 ? sampleSize : (long) SAMPLE_PER_CLUSTER * clustersFor(n);
    return Math.min(s, n);
  }

  /** Clusters each query probes for a pool of {@code n} items (at most all of them). */
  public int nprobeFor(long n) {
    return Math.min(nprobe, clustersFor(n));
  }

  public DensityConfig withNprobe(int newNprobe) {
    return new DensityConfig(k, clusters, newNprobe, sampleSize, kmeansIterations, projectionDims, recallQueries,
        minRecall, maxBlockRows, seed);
  }

  public DensityConfig withClusters(int newClusters) {
    return new DensityConfig(k, newClusters, nprobe, sampleSize, kmeansIterations, projectionDims, recallQueries,
        minRecall, maxBlockRows, seed);
  }
}
