package org.ascmr.jobs.allocate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ascmr.allocate.AllocateConfig;
import org.ascmr.allocate.Objective;
import org.ascmr.allocate.Allocation;
import org.ascmr.allocate.BudgetAllocator;
import org.ascmr.allocate.CandidateGraph;
import org.ascmr.allocate.ClusterAllocator;
import org.ascmr.allocate.LazyGreedyAllocator;
import org.ascmr.allocate.RecentredWeights;
import org.ascmr.allocate.Solver;
import org.ascmr.allocate.Weighting;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.DensityColumns;
import org.ascmr.data.ScoreColumns;
import org.ascmr.error.BadInputException;
import org.ascmr.error.ConfigException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.jobs.density.IdRanks;
import org.ascmr.jobs.density.ScoreArtifact;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.SeededSample;
import org.ascmr.jobs.spark.StageScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr allocate}: chooses the round's batch of {@code budget} unlabelled pairs
 * (method.md §6) and writes the selection artefact. Spark gathers only what the driver's solver
 * needs, then the solver runs on the driver:
 * <ul>
 *   <li>greedy: per candidate I, rho, cluster and its kNN entries (the neighbours in U become
 *       graph edges, those in L add to the candidate's labelled similarity);</li>
 *   <li>cluster: per-cluster summaries (n_c, l_c, sum of u) and, because D_c(m) does not increase
 *       with m, only the b best (cluster, m) entries under the solver's own order, which contain
 *       an optimal allocation: at most b rows reach the driver.</li>
 * </ul>
 * Labelled ids are never candidates: the candidates are the score artefact's unlabelled table,
 * and the density table must agree with it about who is labelled.
 */
public final class AllocateJob {
  private static final Logger LOG = LoggerFactory.getLogger(AllocateJob.class);
  public static final String STAGE = "allocate";
  public static final String DETAILS = "selection";
  /** Fixed part of the error when density and scores disagree about the candidates. */
  public static final String DENSITY_MISMATCH = "the density table does not match the score artefact";

  /** What a run did. */
  public record Outcome(boolean upToDate, Metadata metadata, Allocation allocation, long candidates,
      Map<String, Double> seconds) {}

  private AllocateJob() {}

  public static Outcome run(SparkSession spark, ConfigSource config, String scoresDir, String densityDir, int budget,
      int round, String out, boolean overwrite) {
    AllocateConfig cfg = AllocateConfig.from(config);
    if (budget < 1) throw new ConfigException("--budget", "must be >= 1, was " + budget);
    if (cfg.plainTopBWarning() != null) LOG.warn("allocate: {}", cfg.plainTopBWarning());
    if (round < 0) throw new ConfigException("--round", "must be >= 0, was " + round);
    ArtifactStore store = Tables.store(spark);
    ScoreArtifact scores = ScoreArtifact.read(spark, scoresDir);
    Tables.Table density = Tables.read(spark, densityDir, ArtifactKind.DENSITY);
    List<String> have = Arrays.asList(density.rows().columns());
    for (String c : List.of(DensityColumns.ID, DensityColumns.LABELLED, DensityColumns.CLUSTER, DensityColumns.RHO,
        DensityColumns.NEIGHBORS, DensityColumns.SIMILARITIES)) {
      if (!have.contains(c)) throw new BadInputException(densityDir + "/data", null, c, "column missing; has " + have);
    }
    Map<String, String> recipe = new LinkedHashMap<>(config.effective(AllocateConfig.SETTINGS));
    recipe.put("--budget", Integer.toString(budget));
    recipe.put("--round", Integer.toString(round));
    Metadata planned = Metadata.create(ArtifactKind.SELECTION, STAGE, cfg.seed(), 0, recipe, List.of(
        new InputRef("scores", store.qualify(scoresDir), scores.metadata().rows(), scores.metadata().fingerprint()),
        new InputRef("density", store.qualify(densityDir), density.metadata().rows(),
            density.metadata().fingerprint())), Map.of());
    if (store.plan(out, planned, overwrite) == ArtifactStore.Decision.UP_TO_DATE) {
      LOG.info("allocate: {} is up to date (same settings, budget and inputs); nothing to do", out);
      return new Outcome(true, store.readMetadata(out, ArtifactKind.SELECTION), null, -1, Map.of());
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    try (StageScope scope = StageScope.open(spark, STAGE, "choose " + budget + " pairs (" + describe(cfg) + ")")) {
      long t0 = System.nanoTime();
      scope.step("count the candidates and check the density table matches");
      Dataset<Row> candidates = scores.unlabelled().select(col(ScoreColumns.ID).as("id"),
          col(ScoreColumns.INFORMATIVENESS).as("informativeness"));
      if (cfg.objective() == Objective.DENSITY) {
        // The density-only ablation: each pick is worth its semantic density rho instead of I.
        candidates = candidates.select(col("id")).join(density.rows().where(not(col(DensityColumns.LABELLED)))
            .select(col(DensityColumns.ID).as("id"), col(DensityColumns.RHO).as("informativeness")), "id");
      }
      IdFingerprint ids = IdFingerprint.of(candidates, "id");
      long u = ids.rows();
      AllocateConfig.validateBudget(budget, u);
      rejectLabelledCandidates(candidates, scores);
      checkAgreement(candidates, ids, density.rows(), densityDir);
      seconds.put("check", since(t0));

      long t1 = System.nanoTime();
      BudgetAllocator solver;
      Map<String, Object> recentre = new LinkedHashMap<>();
      if (cfg.solver() == Solver.GREEDY) {
        double recentreAt = Double.NaN;
        if (cfg.weights() == Weighting.RECENTRED) {
          scope.step("the random-pair similarity the weights are re-centred at");
          recentreAt = recentreThreshold(scores, cfg);
          recentre.put("quantile", cfg.recentreQuantile());
          recentre.put("threshold", recentreAt);
        }
        scope.step("collect candidates and their kNN entries");
        solver = new LazyGreedyAllocator(collectGraph(candidates, density.rows(), (int) u, recentreAt, densityDir),
            cfg.lambda(), cfg.gamma());
      } else {
        scope.step("cluster summaries and the best entries of each cluster's list");
        solver = new ClusterAllocator(
            ClusterListCollector.collect(spark, scores, candidates, density.rows(), cfg, budget, densityDir),
            cfg.lambda(), cfg.kappa(), cfg.eta());
      }
      seconds.put("collect", since(t1));
      long t2 = System.nanoTime();
      Allocation allocation = solver.allocate(budget);
      seconds.put("solve", since(t2));
      LOG.info("allocate: {} solver picked {} of {} candidates, objective {}; collect {}, solve {}",
          org.ascmr.config.Setting.enumName(cfg.solver()), budget, u, String.format("%.4f", allocation.objective()),
          String.format("%.2f s", seconds.get("collect")), String.format("%.3f s", seconds.get("solve")));

      scope.step("write the selection");
      long t3 = System.nanoTime();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("solver", org.ascmr.config.Setting.enumName(cfg.solver()));
      details.put("budget", budget);
      details.put("round", round);
      details.put("candidates", u);
      details.put("objective", allocation.objective());
      details.put("clustersPicked", allocation.picks().stream().mapToInt(p -> p.cluster()).distinct().count());
      if (!recentre.isEmpty()) details.put("recentredWeights", recentre);
      Metadata written = SelectionTable.write(spark, out, round, allocation.picks(),
          planned.withDetails(Map.of(DETAILS, details)));
      seconds.put("write", since(t3));
      return new Outcome(false, written, allocation, u, seconds);
    }
  }

  private static String describe(AllocateConfig cfg) {
    return org.ascmr.config.Setting.enumName(cfg.solver()) + ", lambda " + cfg.lambda() + ", objective "
        + org.ascmr.config.Setting.enumName(cfg.objective());
  }

  private static double since(long t) {
    return (System.nanoTime() - t) / 1e9;
  }

  /** Fixed part of the error when an id is both a candidate and labelled. */
  public static final String LABELLED_CANDIDATE = "is both an unlabelled candidate and labelled";

  /** A labelled id must never be selected: the score artefact's two tables must not share ids. */
  private static void rejectLabelledCandidates(Dataset<Row> candidates, ScoreArtifact scores) {
    Dataset<Row> ids = candidates.select(col("id"));
    Dataset<Row> lab = scores.labelled().select(col(ScoreColumns.ID).as("id"));
    // the labelled side is the small one: broadcast it, so the candidates are scanned once, unshuffled
    List<Row> both = ids.join(org.apache.spark.sql.functions.broadcast(lab), ids.col("id").equalTo(lab.col("id")),
        "left_semi").limit(1).collectAsList();
    if (!both.isEmpty()) {
      throw new BadInputException(scores.path() + "/" + ScoreColumns.UNLABELLED_DIR, "id " + both.get(0).getString(0),
          ScoreColumns.ID, LABELLED_CANDIDATE + " (also in " + ScoreColumns.LABELLED_DIR + "/); rerun 'ascmr score'");
    }
  }

  /**
   * The density table's unlabelled rows hold the candidates' ids, each once ({@link
   * IdFingerprint}: one scan of each id column). When they do not, {@link #nameDisagreement}
   * finds an id to name.
   */
  private static void checkAgreement(Dataset<Row> candidates, IdFingerprint ids, Dataset<Row> density,
      String densityDir) {
    IdFingerprint unlabelled = IdFingerprint.of(density.where(not(col(DensityColumns.LABELLED))), DensityColumns.ID);
    if (unlabelled.equals(ids)) return;
    nameDisagreement(candidates, density, densityDir);
    throw new BadInputException(densityDir + "/data", null, DensityColumns.LABELLED, DENSITY_MISMATCH + ": "
        + unlabelled.rows() + " unlabelled rows for " + ids.rows() + " candidates; rerun 'ascmr density' on these"
        + " scores");
  }

  /**
   * Throws naming an id when a candidate has no unlabelled density row, an unlabelled density row
   * is not a candidate, or an unlabelled density row is repeated; returns when none is found.
   */
  private static void nameDisagreement(Dataset<Row> candidates, Dataset<Row> density, String densityDir) {
    Dataset<Row> ids = candidates.select(col("id"));
    Dataset<Row> unlabelled = density.where(not(col(DensityColumns.LABELLED))).select(col(DensityColumns.ID).as("id"));
    List<Row> missing = ids.join(unlabelled, ids.col("id").equalTo(unlabelled.col("id")), "left_anti").limit(1)
        .collectAsList();
    if (!missing.isEmpty()) {
      throw new BadInputException(densityDir + "/data", "id " + missing.get(0).getString(0), DensityColumns.ID,
          DENSITY_MISMATCH + ": this unlabelled candidate has no unlabelled row; rerun 'ascmr density' on these scores");
    }
    List<Row> extra = unlabelled.join(ids, unlabelled.col("id").equalTo(ids.col("id")), "left_anti").limit(1)
        .collectAsList();
    if (!extra.isEmpty()) {
      throw new BadInputException(densityDir + "/data", "id " + extra.get(0).getString(0), DensityColumns.LABELLED,
          DENSITY_MISMATCH + ": marked unlabelled here but not an unlabelled candidate of the scores (labelled since?);"
              + " rerun 'ascmr density' on these scores");
    }
    List<Row> repeated = unlabelled.groupBy(col("id")).count().where(col("count").gt(1)).limit(1).collectAsList();
    if (!repeated.isEmpty()) {
      throw new BadInputException(densityDir + "/data", "id " + repeated.get(0).getString(0), DensityColumns.ID,
          DENSITY_MISMATCH + ": this id has " + repeated.get(0).getLong(1) + " unlabelled rows; rerun 'ascmr density'"
              + " on these scores");
    }
  }

  /** Unlabelled pairs whose unit vectors estimate the random-pair similarity: all pairs among them count. */
  static final int RECENTRE_SAMPLE = 1500;

  /**
   * The {@code allocate.recentreQuantile} of the similarity between random unlabelled pairs: the
   * fused unit vectors u of a seeded sample (hash of (allocate.seed, id), sorted by id, so the
   * threshold does not depend on partitioning), every pair of them.
   */
  static double recentreThreshold(ScoreArtifact scores, AllocateConfig cfg) {
    Dataset<Row> u = scores.unlabelled().select(col(ScoreColumns.ID), col(ScoreColumns.U));
    long n = u.count();
    double fraction = Math.min(1.0, RECENTRE_SAMPLE / (double) Math.max(1, n));
    long seed = cfg.seed() ^ RECENTRE_SALT;
    List<Row> rows = SeededSample.byIdHash(u, 0, fraction, seed).orderBy(col(ScoreColumns.ID)).collectAsList();
    float[][] units = new float[rows.size()][];
    for (int i = 0; i < units.length; i++) units[i] = RowArrays.floats(rows.get(i), 1);
    double t = RecentredWeights.threshold(units, cfg.recentreQuantile());
    LOG.info("allocate: weights re-centred at similarity {} (the {} quantile over {} pairs of {} sampled candidates)",
        String.format("%.4f", t), cfg.recentreQuantile(), (long) units.length * (units.length - 1) / 2, units.length);
    return t;
  }

  private static final long RECENTRE_SALT = 0x5EC3A7E5L;

  /**
   * The greedy solver's problem: candidates in id order with I, rho and cluster, and their kNN
   * entries: a neighbour that is a candidate becomes an edge, any other is labelled and adds to
   * the labelled similarity. Collected as primitive arrays by {@link CandidateGraphCollector}. A
   * density table with the rank columns ({@link DensityColumns#RANK}, {@link
   * DensityColumns#NEIGHBOR_RANKS}) is read by rank, an older one by neighbour id; {@code
   * densityDir} names the table in errors.
   *
   * <p>By rank nothing is joined: the driver collects the candidates' (id, I) and sorts them by id,
   * which is the candidate order, and each unlabelled density row finds its candidate through its
   * rank (checked against its id). At 1M candidates the join shuffled 145 bytes per candidate and
   * was cached and scanned twice, most of the collection's time.
   */
  static CandidateGraph collectGraph(Dataset<Row> candidates, Dataset<Row> density, int n, double recentreAt,
      String densityDir) {
    java.util.Set<String> columns = java.util.Set.of(density.columns());
    if (columns.contains(DensityColumns.RANK) && columns.contains(DensityColumns.NEIGHBOR_RANKS)) {
      CandidateGraphCollector.Candidates sorted = CandidateGraphCollector.sortedCandidates(candidates, densityDir);
      List<Integer> labelled = density.where(col(DensityColumns.LABELLED)).select(col(DensityColumns.RANK))
          .as(org.apache.spark.sql.Encoders.INT()).collectAsList();
      int[] rankToCandidate = CandidateGraphCollector.rankToCandidate(sorted.ids().length + (long) labelled.size(),
          labelled.stream().mapToInt(Integer::intValue).toArray(), densityDir);
      CandidateGraph g = CandidateGraphCollector.collect(density.where(not(col(DensityColumns.LABELLED)))
          .select(CandidateGraphCollector.columns(true)), sorted, recentreAt, rankToCandidate, densityDir);
      LOG.info("allocate: {} candidates, {} candidate-candidate kNN entries", n, g.edges());
      return g;
    }
    Dataset<Row> joined = candidates.join(density, DensityColumns.ID) // both tables name it "id"
        .select(CandidateGraphCollector.columns(false)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // sorted on the driver, as the density stage ranks its ids; repeated ids are refused there
      String[] ids = IdRanks.collect(joined, densityDir).ids();
      if (ids.length != n) {
        nameDisagreement(candidates, density, densityDir); // names a candidate without a density row
        throw new BadInputException(densityDir + "/data", null, DensityColumns.ID, DENSITY_MISMATCH + ": "
            + ids.length + " of the " + n + " candidates have a density row; rerun 'ascmr density' on these scores");
      }
      CandidateGraph g = CandidateGraphCollector.collect(joined, new CandidateGraphCollector.Candidates(ids, null),
          recentreAt, null, densityDir);
      LOG.info("allocate: {} candidates, {} candidate-candidate kNN entries", n, g.edges());
      return g;
    } finally {
      joined.unpersist();
    }
  }
}
