package org.ascmr.jobs.allocate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ascmr.allocate.AllocateConfig;
import org.ascmr.allocate.Objective;
import org.ascmr.allocate.Allocation;
import org.ascmr.allocate.BudgetAllocator;
import org.ascmr.allocate.CandidateGraph;
import org.ascmr.allocate.ClusterAllocator;
import org.ascmr.allocate.ClusterCandidates;
import org.ascmr.allocate.ClusterSums;
import org.ascmr.allocate.LazyGreedyAllocator;
import org.ascmr.allocate.RecentredWeights;
import org.ascmr.allocate.Solver;
import org.ascmr.allocate.Weighting;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.DensityColumns;
import org.ascmr.data.ScoreColumns;
import org.ascmr.density.CoarseQuantizer;
import org.ascmr.error.BadInputException;
import org.ascmr.error.ConfigException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.RowArrays;
import org.ascmr.jobs.density.IdRanks;
import org.ascmr.jobs.density.ScoreArtifact;
import org.ascmr.jobs.density.SeededKMeans;
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
      long u = candidates.count();
      AllocateConfig.validateBudget(budget, u);
      rejectLabelledCandidates(candidates, scores);
      if (cfg.solver() == Solver.GREEDY) {
        // The greedy collection joins candidates and density rows anyway and checks that all u
        // candidates come back once (collectGraph); with equal counts that makes the two tables agree.
        checkCounts(candidates, density.rows(), u, densityDir);
      } else {
        checkAgreement(candidates, density.rows(), densityDir);
      }
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
        solver = new ClusterAllocator(collectClusters(spark, scores, candidates, density.rows(), cfg, budget),
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
   * The cheap half of {@link #checkAgreement}: as many unlabelled density rows as candidates. When
   * they differ, the full check names an id that does not match.
   */
  private static void checkCounts(Dataset<Row> candidates, Dataset<Row> density, long u, String densityDir) {
    long unlabelled = density.where(not(col(DensityColumns.LABELLED))).count();
    if (unlabelled == u) return;
    checkAgreement(candidates, density, densityDir);
    throw new BadInputException(densityDir + "/data", null, DensityColumns.LABELLED, DENSITY_MISMATCH + ": "
        + unlabelled + " unlabelled rows for " + u + " candidates; rerun 'ascmr density' on these scores");
  }

  /** Every candidate has an unlabelled density row and every unlabelled density row is a candidate. */
  private static void checkAgreement(Dataset<Row> candidates, Dataset<Row> density, String densityDir) {
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
   */
  static CandidateGraph collectGraph(Dataset<Row> candidates, Dataset<Row> density, int n, double recentreAt,
      String densityDir) {
    java.util.Set<String> columns = java.util.Set.of(density.columns());
    boolean ranked = columns.contains(DensityColumns.RANK) && columns.contains(DensityColumns.NEIGHBOR_RANKS);
    int[] rankToCandidate = null;
    if (ranked) {
      List<Integer> labelled = density.where(col(DensityColumns.LABELLED)).select(col(DensityColumns.RANK))
          .as(org.apache.spark.sql.Encoders.INT()).collectAsList();
      rankToCandidate = CandidateGraphCollector.rankToCandidate(n + (long) labelled.size(),
          labelled.stream().mapToInt(Integer::intValue).toArray(), densityDir);
    }
    Dataset<Row> joined = candidates.join(density, DensityColumns.ID) // both tables name it "id"
        .select(CandidateGraphCollector.columns(ranked)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // sorted on the driver, as the density stage ranks its ids; repeated ids are refused there
      String[] ids = IdRanks.collect(joined, densityDir).ids();
      if (ids.length != n) {
        checkAgreement(candidates, density, densityDir); // names a candidate without a density row
        throw new BadInputException(densityDir + "/data", null, DensityColumns.ID, DENSITY_MISMATCH + ": "
            + ids.length + " of the " + n + " candidates have a density row; rerun 'ascmr density' on these scores");
      }
      CandidateGraph g = CandidateGraphCollector.collect(joined, ids, recentreAt, rankToCandidate);
      LOG.info("allocate: {} candidates, {} candidate-candidate kNN entries", n, g.edges());
      return g;
    } finally {
      joined.unpersist();
    }
  }

  /**
   * The cluster solver's problem: clusters from the density table (allocate.clusters = 0) or a
   * seeded k-means on u; per-cluster n_c, l_c and rho_c from the sums of unit vectors; then, with
   * m = rank in the cluster by (I desc, id asc) and D_c(m) computed in Spark, the b best entries
   * by (D desc, id asc) among those within the cap. Within a cluster D does not increase with m,
   * so these entries are a prefix of every cluster's list and contain an optimal allocation.
   */
  static List<ClusterCandidates> collectClusters(SparkSession spark, ScoreArtifact scores, Dataset<Row> candidates,
      Dataset<Row> density, AllocateConfig cfg, int budget) {
    Dataset<Row> members; // id, labelled, u, cluster
    Dataset<Row> pool = scores.pool();
    if (cfg.clusters() == 0) {
      members = pool.join(density.select(col(DensityColumns.ID).as("id"), col(DensityColumns.CLUSTER).as("cluster")),
          "id");
    } else {
      long n = pool.count();
      SeededKMeans.Fit fit = SeededKMeans.fit(pool.select(col("id"), col("u")), n, cfg.clusters(), Math.min(n, cfg.sampleSize()),
          cfg.kmeansIterations(), cfg.seed());
      LOG.info("allocate: k-means on {} sampled rows gave {} clusters", fit.sampleRows(), fit.centroids().length);
      Broadcast<CoarseQuantizer> q = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(new CoarseQuantizer(fit.centroids()));
      StructType schema = new StructType().add("id", DataTypes.StringType).add("labelled", DataTypes.BooleanType)
          .add("u", DataTypes.createArrayType(DataTypes.FloatType, false)).add("cluster", DataTypes.IntegerType);
      members = pool.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
        CoarseQuantizer cq = q.value();
        float[] scratch = cq.newScratch();
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
          Row r = rows.next();
          float[] u = RowArrays.floats(r, 2);
          out.add(RowFactory.create(r.getString(0), r.getBoolean(1), u, cq.nearest(u, scratch)));
        }
        return out.iterator();
      }, Encoders.row(schema));
    }
    members = members.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<Integer, ClusterSums> sums = members.select(col("cluster"), col("labelled"), col("u")).javaRDD()
          .mapPartitions(rows -> {
            Map<Integer, ClusterSums> m = new HashMap<>();
            while (rows.hasNext()) {
              Row r = rows.next();
              float[] u = RowArrays.floats(r, 2);
              m.computeIfAbsent(r.getInt(0), c -> new ClusterSums(u.length)).add(u, r.getBoolean(1));
            }
            return List.of(m).iterator();
          }).reduce((a, b) -> {
            b.forEach((c, s) -> a.merge(c, s, ClusterSums::merge));
            return a;
          });
      long poolSize = 0;
      for (ClusterSums s : sums.values()) poolSize += s.size();
      // per-cluster constants for D and the cap, as a small table joined by broadcast
      List<Row> constants = new ArrayList<>();
      for (Map.Entry<Integer, ClusterSums> e : sums.entrySet()) {
        ClusterSums s = e.getValue();
        long cap = cfg.eta() > 0 ? Math.max(1, (long) Math.ceil(cfg.eta() * budget * (double) s.size() / poolSize))
            : Long.MAX_VALUE;
        constants.add(RowFactory.create(e.getKey(), s.rho(), s.labelled(), cap));
      }
      StructType cs = new StructType().add("cluster", DataTypes.IntegerType).add("rho_c", DataTypes.DoubleType)
          .add("l_c", DataTypes.LongType).add("cap_c", DataTypes.LongType);
      Dataset<Row> perCluster = spark.createDataFrame(constants, cs);
      Dataset<Row> ranked = candidates
          .join(members.where(not(col("labelled"))).select(col("id"), col("cluster")), "id")
          .join(density.select(col(DensityColumns.ID).as("id"), col(DensityColumns.RHO).as("rho")), "id")
          .withColumn("m", row_number().over(Window.partitionBy(col("cluster"))
              .orderBy(col("informativeness").desc(), col("id").asc())))
          .join(org.apache.spark.sql.functions.broadcast(perCluster), "cluster")
          .where(col("m").leq(col("cap_c")))
          .withColumn("d", col("informativeness").minus(lit(cfg.lambda()).multiply(col("rho_c"))
              .multiply(col("m").minus(1).plus(lit(cfg.kappa()).multiply(col("l_c"))))));
      List<Row> best = ranked.orderBy(col("d").desc(), col("id").asc()).limit(budget)
          .select(col("cluster"), col("id"), col("informativeness"), col("rho")).collectAsList();
      Map<Integer, List<Row>> byCluster = new HashMap<>();
      for (Row r : best) byCluster.computeIfAbsent(r.getInt(0), c -> new ArrayList<>()).add(r);
      Map<Integer, Long> unlabelled = new HashMap<>();
      for (Row r : members.where(not(col("labelled"))).groupBy(col("cluster")).count().collectAsList()) {
        unlabelled.put(r.getInt(0), r.getLong(1));
      }
      List<ClusterCandidates> out = new ArrayList<>();
      for (Map.Entry<Integer, ClusterSums> e : sums.entrySet()) {
        List<Row> rows = byCluster.getOrDefault(e.getKey(), List.of());
        String[] ids = new String[rows.size()];
        double[] inf = new double[rows.size()];
        double[] rho = new double[rows.size()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = rows.get(i).getString(1);
          inf[i] = rows.get(i).getDouble(2);
          rho[i] = rows.get(i).getDouble(3);
        }
        ClusterSums s = e.getValue();
        out.add(new ClusterCandidates(e.getKey(), s.size(), s.labelled(), unlabelled.getOrDefault(e.getKey(), 0L),
            s.rho(), ids, inf, rho));
      }
      out.sort((a, b) -> Integer.compare(a.cluster(), b.cluster()));
      LOG.info("allocate: {} clusters, {} entries collected for the heap merge", out.size(), best.size());
      return out;
    } finally {
      members.unpersist();
    }
  }
}
