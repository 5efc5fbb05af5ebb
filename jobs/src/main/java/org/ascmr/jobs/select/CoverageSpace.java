package org.ascmr.jobs.select;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.cca.CcaConfig;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Split;
import org.ascmr.io.ArtifactKind;
import org.ascmr.jobs.evaluate.CcaEvaluation;
import org.ascmr.jobs.evaluate.CcaEmbedder;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.jobs.io.Tables;
import org.ascmr.select.CoverageConfig;
import org.ascmr.select.TypicalCoverage;
import org.ascmr.select.FusedFeatures;

/**
 * Every train pair of the pool as one vector of the space the coverage selection clusters, id-sorted:
 * the joint [n(image), n(text)] / sqrt 2 of either a CCA of the pool's pairing or the current model.
 */
public record CoverageSpace(List<String> ids, float[][] vectors) {
  /**
   * The CCA space depends only on the pool's rows and the cca.* settings (not on its files or
   * partitions): fitted once per JVM and pool and reused.
   */
  private static final Map<String, CoverageSpace> CCA_CACHE = new ConcurrentHashMap<>();

  /** One pick of {@link #pick}: the pair's id and what the selection says of it. */
  public record Picked(String id, TypicalCoverage.Pick pick) {}

  public int size() {
    return ids.size();
  }

  /**
   * The coverage selection ({@link TypicalCoverage}) over this space with {@code labelled} (ids,
   * each of which must be a pair of the space) as the labelled set; {@code uncertainty} in id
   * order, or null when {@code weight} is 0.
   */
  public List<Picked> pick(Set<String> labelled, double[] uncertainty, double weight, int budget,
      CoverageConfig cfg, long seed) {
    boolean[] mask = new boolean[ids.size()];
    int seen = 0;
    for (int i = 0; i < mask.length; i++) {
      mask[i] = labelled.contains(ids.get(i));
      if (mask[i]) seen++;
    }
    if (seen != labelled.size()) {
      throw new IllegalStateException((labelled.size() - seen) + " labelled ids are not train pairs of the pool");
    }
    List<Picked> out = new ArrayList<>(budget);
    for (TypicalCoverage.Pick p : TypicalCoverage.select(vectors, mask, uncertainty, weight, budget, cfg, seed)) {
      out.add(new Picked(ids.get(p.index()), p));
    }
    return out;
  }

  public static CoverageSpace cca(SparkSession spark, PoolTable pool, ConfigSource config) {
    CcaConfig cc = CcaConfig.from(config);
    String key = pool.path() + "|" + pool.metadata().fingerprint() + "|" + cc;
    return CCA_CACHE.computeIfAbsent(key, k -> {
      CcaEmbedder cca = CcaEvaluation.fit(spark, pool, cc);
      return joint(cca.embed(pool.split(Split.TRAIN)));
    });
  }

  /**
   * The CCA space of a workspace round: every train pair when there are at most {@code maxPairs}
   * (the same space as {@link #cca}), else a seeded uniform sample of about {@code maxPairs} of them,
   * labelled and unlabelled alike, chosen on the executors by a hash of (seed, id) so that only the
   * sample reaches the driver. The selection is exact (O(n^2)) on what it is given, so the sample
   * bounds its cost whatever the pool; a uniform sample keeps each region's share of the pool and of
   * the labels, which is what the selection reads. The CCA itself is fitted on every train pair.
   */
  public static CoverageSpace ccaBounded(SparkSession spark, PoolTable pool, ConfigSource config, long trainPairs,
      int maxPairs, long seed) {
    if (trainPairs <= maxPairs) return cca(spark, pool, config);
    CcaEmbedder cca = CcaEvaluation.fit(spark, pool, CcaConfig.from(config));
    double fraction = maxPairs / (double) trainPairs;
    long s = seed ^ SAMPLE_SALT;
    Dataset<Row> train = pool.split(Split.TRAIN);
    int id = java.util.Arrays.asList(train.columns()).indexOf(PoolColumns.ID);
    return joint(cca.embed(org.ascmr.jobs.spark.SeededSample.byIdHash(train, id, fraction, s)));
  }

  private static final long SAMPLE_SALT = 0x5A3F1E5C0FE2A9D1L;

  /** The ids of the space, as a set. */
  public Set<String> idSet() {
    return new java.util.HashSet<>(ids);
  }

  /** The space {@code cfg} names: CCA of the pool, or the current model's embeddings (computed on demand). */
  public static CoverageSpace of(CoverageConfig cfg, SparkSession spark, PoolTable pool, ConfigSource config,
      Supplier<String> embeddings) {
    return cfg.space() == CoverageConfig.Space.CCA ? cca(spark, pool, config) : model(spark, embeddings.get());
  }

  static CoverageSpace model(SparkSession spark, String embeddings) {
    Dataset<Row> e = Tables.read(spark, embeddings, ArtifactKind.EMBEDDINGS).rows()
        .where(col(EmbeddingColumns.SPLIT).equalTo(lit(Split.TRAIN.id())));
    return joint(e);
  }

  private static CoverageSpace joint(Dataset<Row> rows) {
    // Sorted on the driver, in Spark's order of strings (UTF-8 bytes, unsigned), not by an orderBy:
    // a Spark sort samples its input first, a second pass over the pool for a sample of it.
    List<Row> list = new ArrayList<>(rows.select(PoolColumns.ID, EmbeddingColumns.FV, EmbeddingColumns.FT)
        .collectAsList());
    list.sort(java.util.Comparator.comparing(r -> org.apache.spark.unsafe.types.UTF8String.fromString(r.getString(0))));
    List<String> ids = new ArrayList<>(list.size());
    float[][] x = new float[list.size()][];
    for (int i = 0; i < x.length; i++) {
      ids.add(list.get(i).getString(0));
      x[i] = FusedFeatures.joint(RowArrays.floats(list.get(i), 1), RowArrays.floats(list.get(i), 2));
    }
    return new CoverageSpace(List.copyOf(ids), x);
  }
}
