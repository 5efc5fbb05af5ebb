package org.ascmr.jobs.allocate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import org.ascmr.allocate.ClusterCandidates;
import org.ascmr.allocate.ClusterSums;
import org.ascmr.data.DensityColumns;
import org.ascmr.density.CoarseQuantizer;
import org.ascmr.error.BadInputException;
import org.ascmr.jobs.density.ScoreArtifact;
import org.ascmr.jobs.density.SeededKMeans;
import org.ascmr.jobs.io.RowArrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster solver's input, gathered by Spark: per-cluster summaries and, because D_c(m) does
 * not increase with m, only the b best (cluster, m) entries under the solver's own order, which
 * contain an optimal allocation: at most b candidate rows reach the driver.
 */
final class ClusterListCollector {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterListCollector.class);

  private ClusterListCollector() {}

  /** One cluster's pool members n_c, labelled l_c and density rho_c. */
  record ClusterSummary(int cluster, long size, long labelled, double rho) {}

  /**
   * The cluster solver's problem: clusters from the density table (allocate.clusters = 0) or a
   * seeded k-means on u; per-cluster n_c, l_c and rho_c; then, with m = rank in the cluster by
   * (I desc, id asc) and D_c(m) computed in Spark, the b best entries by (D desc, id asc) among
   * those within the cap. Within a cluster D does not increase with m, so these entries are a
   * prefix of every cluster's list and contain an optimal allocation. The candidates and the
   * density table's unlabelled rows have been checked to hold the same ids.
   */
  static List<ClusterCandidates> collect(SparkSession spark, ScoreArtifact scores, Dataset<Row> candidates,
      Dataset<Row> density, AllocateConfig cfg, int budget, String densityDir) {
    Dataset<Row> ownClusters = density.where(not(col(DensityColumns.LABELLED)))
        .select(col(DensityColumns.ID).as("id"), col(DensityColumns.CLUSTER).as("cluster"),
            col(DensityColumns.RHO).as("rho"));
    boolean summarised = cfg.clusters() == 0 && Arrays.asList(density.columns()).contains(DensityColumns.CLUSTER_RHO);
    List<ClusterSummary> sums;
    Dataset<Row> members = null; // id, labelled, u, cluster: only when rho_c is summed here
    Dataset<Row> listed; // candidates with their cluster: id, informativeness, cluster, rho
    if (summarised) {
      sums = summariesOf(density, densityDir);
      listed = candidates.join(ownClusters, "id");
    } else {
      members = members(spark, scores, density, cfg).persist(StorageLevel.MEMORY_AND_DISK());
      sums = summariesOf(members);
      listed = cfg.clusters() == 0 ? candidates.join(ownClusters, "id")
          : candidates.join(members.where(not(col("labelled"))).select(col("id"), col("cluster")), "id")
              .join(ownClusters.select(col("id"), col("rho")), "id");
    }
    try {
      return best(spark, listed, sums, cfg, budget);
    } finally {
      if (members != null) members.unpersist();
    }
  }

  /**
   * n_c, l_c and rho_c from the density table's own columns (tables written since it carries
   * {@link DensityColumns#CLUSTER_RHO}): a scan of three columns instead of a join of every u.
   */
  private static List<ClusterSummary> summariesOf(Dataset<Row> density, String densityDir) {
    List<Row> rows = density.groupBy(col(DensityColumns.CLUSTER)).agg(count(lit(1)),
        sum(when(col(DensityColumns.LABELLED), 1L).otherwise(0L)), min(col(DensityColumns.CLUSTER_RHO)),
        max(col(DensityColumns.CLUSTER_RHO))).collectAsList();
    List<ClusterSummary> out = new ArrayList<>();
    for (Row r : rows) {
      double rho = r.getDouble(3);
      if (rho != r.getDouble(4) || !(rho >= 0) || Double.isInfinite(rho)) {
        throw new BadInputException(densityDir + "/data", "cluster " + r.getInt(0), DensityColumns.CLUSTER_RHO,
            "expected one finite value >= 0 on all of the cluster's rows, found " + rho + " .. " + r.getDouble(4)
                + "; rerun 'ascmr density'");
      }
      out.add(new ClusterSummary(r.getInt(0), r.getLong(1), r.getLong(2), rho));
    }
    return out;
  }

  /** Every pool pair with its cluster: the density table's, or the nearest of a seeded k-means on u. */
  private static Dataset<Row> members(SparkSession spark, ScoreArtifact scores, Dataset<Row> density,
      AllocateConfig cfg) {
    Dataset<Row> pool = scores.pool();
    if (cfg.clusters() == 0) {
      return pool.join(density.select(col(DensityColumns.ID).as("id"), col(DensityColumns.CLUSTER).as("cluster")),
          "id");
    }
    long n = pool.count();
    SeededKMeans.Fit fit = SeededKMeans.fit(pool.select(col("id"), col("u")), n, cfg.clusters(),
        Math.min(n, cfg.sampleSize()), cfg.kmeansIterations(), cfg.seed());
    LOG.info("allocate: k-means on {} sampled rows gave {} clusters", fit.sampleRows(), fit.centroids().length);
    Broadcast<CoarseQuantizer> q = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new CoarseQuantizer(fit.centroids()));
    StructType schema = new StructType().add("id", DataTypes.StringType).add("labelled", DataTypes.BooleanType)
        .add("u", DataTypes.createArrayType(DataTypes.FloatType, false)).add("cluster", DataTypes.IntegerType);
    return pool.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
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

  /** n_c, l_c and rho_c summed from the members' unit vectors (density tables without rho_c, own k-means). */
  private static List<ClusterSummary> summariesOf(Dataset<Row> members) {
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
    List<ClusterSummary> out = new ArrayList<>();
    sums.forEach((c, s) -> out.add(new ClusterSummary(c, s.size(), s.labelled(), s.rho())));
    return out;
  }

  /**
   * The b best (cluster, m) entries of {@code listed} (id, informativeness, cluster, rho) under
   * the solver's order, and every cluster's summary, as the heap merge's input.
   */
  private static List<ClusterCandidates> best(SparkSession spark, Dataset<Row> listed, List<ClusterSummary> sums,
      AllocateConfig cfg, int budget) {
    long poolSize = 0;
    for (ClusterSummary s : sums) poolSize += s.size();
    // per-cluster constants for D and the cap, as a small table joined by broadcast
    List<Row> constants = new ArrayList<>();
    for (ClusterSummary s : sums) {
      long cap = cfg.eta() > 0 ? Math.max(1, (long) Math.ceil(cfg.eta() * budget * (double) s.size() / poolSize))
          : Long.MAX_VALUE;
      constants.add(RowFactory.create(s.cluster(), s.rho(), s.labelled(), cap));
    }
    StructType cs = new StructType().add("cluster", DataTypes.IntegerType).add("rho_c", DataTypes.DoubleType)
        .add("l_c", DataTypes.LongType).add("cap_c", DataTypes.LongType);
    Dataset<Row> perCluster = spark.createDataFrame(constants, cs);
    Dataset<Row> ranked = listed
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
    List<ClusterCandidates> out = new ArrayList<>();
    for (ClusterSummary s : sums) {
      List<Row> rows = byCluster.getOrDefault(s.cluster(), List.of());
      String[] ids = new String[rows.size()];
      double[] inf = new double[rows.size()];
      double[] rho = new double[rows.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = rows.get(i).getString(1);
        inf[i] = rows.get(i).getDouble(2);
        rho[i] = rows.get(i).getDouble(3);
      }
      out.add(new ClusterCandidates(s.cluster(), s.size(), s.labelled(), s.size() - s.labelled(), s.rho(), ids, inf,
          rho));
    }
    out.sort((a, b) -> Integer.compare(a.cluster(), b.cluster()));
    LOG.info("allocate: {} clusters, {} entries collected for the heap merge", out.size(), best.size());
    return out;
  }
}
