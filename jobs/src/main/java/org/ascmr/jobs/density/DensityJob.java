package org.ascmr.jobs.density;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.density.DensityConfig;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr density}: reads the score artefact's unit vectors of U and L, builds the kNN graph
 * and the density rho ({@link KnnGraphBuilder}), measures recall@k on sampled queries, and writes
 * the density table ({@link org.ascmr.data.DensityColumns}) as a DENSITY artefact whose
 * metadata {@code details.density} records the index settings, the recall and the timings.
 */
public final class DensityJob {
  private static final Logger LOG = LoggerFactory.getLogger(DensityJob.class);
  public static final String STAGE = "density";
  public static final String DETAILS = "density";

  /** What a run did: up to date (nothing written) or the metadata and figures of the new table. */
  public record Outcome(boolean upToDate, Metadata metadata, KnnGraphBuilder.Stats stats) {}

  private DensityJob() {}

  public static Outcome run(SparkSession spark, ConfigSource config, String scoresDir, String out, boolean overwrite,
      int partitions) {
    DensityConfig cfg = DensityConfig.from(config);
    ArtifactStore store = Tables.store(spark);
    ScoreArtifact scores = ScoreArtifact.read(spark, scoresDir);
    InputRef input = new InputRef("scores", store.qualify(scoresDir), scores.metadata().rows(),
        scores.metadata().fingerprint());
    Metadata planned = Metadata.create(ArtifactKind.DENSITY, STAGE, cfg.seed(), 0,
        config.effective(DensityConfig.SETTINGS), List.of(input), Map.of());
    if (store.plan(out, planned, overwrite) == ArtifactStore.Decision.UP_TO_DATE) {
      LOG.info("density: {} is up to date (same settings and scores); nothing to do", out);
      return new Outcome(true, store.readMetadata(out, ArtifactKind.DENSITY), null);
    }
    try (StageScope scope = StageScope.open(spark, STAGE, "kNN graph and semantic density of " + scoresDir)) {
      KnnGraphBuilder.Result r = KnnGraphBuilder.build(spark, scores.pool(), scoresDir, cfg, partitions, scope);
      scope.step("write the density table");
      long t = System.nanoTime();
      Metadata written = Tables.write(spark, r.table(), out, planned.withDetails(Map.of(DETAILS, details(r.stats(), cfg))));
      r.stats().seconds().put("write", KnnGraphBuilder.secondsSince(t));
      KnnGraphBuilder.release(r);
      LOG.info("density: wrote {} rows to {}; timings {}", written.rows(), out, r.stats().seconds());
      return new Outcome(false, written, r.stats());
    }
  }

  /** details.density of the metadata: enough to judge the graph without opening it. */
  static Map<String, Object> details(KnnGraphBuilder.Stats s, DensityConfig cfg) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("k", cfg.k());
    d.put("items", s.items());
    d.put("dim", s.dim());
    d.put("searchDim", s.searchDim());
    d.put("clusters", s.clusters());
    d.put("nprobe", s.nprobe());
    d.put("kmeansSample", s.kmeansSample());
    d.put("largestCluster", s.largestCluster());
    d.put("smallestCluster", s.smallestCluster());
    d.put("blocks", s.blocks());
    d.put("recallQueries", s.recallQueries());
    if (!Double.isNaN(s.recall())) d.put("recallAtK", s.recall());
    d.put("recallAgainst", "exact top-k of the original u (before any projection), same id tie-break");
    Map<String, Double> secs = new LinkedHashMap<>();
    s.seconds().forEach((k, v) -> secs.put(k, Math.round(v * 100) / 100.0));
    d.put("seconds", secs);
    return d;
  }
}
