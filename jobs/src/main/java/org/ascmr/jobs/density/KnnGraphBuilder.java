package org.ascmr.jobs.density;

import org.ascmr.jobs.io.RowArrays;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Iterator;
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
import org.apache.spark.storage.StorageLevel;
import org.ascmr.density.CoarseQuantizer;
import org.ascmr.density.DensityConfig;
import org.ascmr.data.SeededSplit;
import org.ascmr.density.Neighbours;
import org.ascmr.density.RandomProjection;
import org.ascmr.density.RankList;
import org.ascmr.density.RecallAtK;
import org.ascmr.density.Vectors;
import org.ascmr.error.BadInputException;
import org.ascmr.error.ConfigException;
import org.ascmr.model.Nd4jThreads;
import org.ascmr.jobs.spark.StageScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kNN graph of a pool of unit vectors with an IVF-style index inside Spark (method.md §5):
 * <ol>
 *   <li>collect the ids to the driver, sorted: an id's rank (its position, {@link IdRanks}) stands
 *       for it in every later step, so rows and lists carry ints, and vectors and lists travel
 *       as binary columns ({@link Packed}), not as boxed arrays;</li>
 *   <li>check the vectors; optionally project them ({@link RandomProjection});</li>
 *   <li>fit k-means on the driver on a bounded seeded sample (rows whose hash of (seed, id) is
 *       below a threshold, collected in id order, so the sample does not depend on the input's
 *       partitioning; {@link SeededKMeans#fitOnDriver});</li>
 *   <li>give every vector its nearest cluster and its {@code nprobe} nearest clusters;</li>
 *   <li>route each vector once to its cluster's block (clusters larger than {@code
 *       maxBlockRows} are split into several blocks) and each query to every block of its probed
 *       clusters; one shuffle groups them, and an exact blockwise top-k ({@link BlockSearch})
 *       runs per block;</li>
 *   <li>merge each query's per-block lists into its k nearest ({@link MergeLists}) and rho;</li>
 *   <li>symmetrise: add reverse edges ({@link SymmetriseLists}).</li>
 * </ol>
 * No vector is collected to the driver except the bounded k-means and recall samples; there is no all-pairs
 * join. Every similarity comes from the fixed-order dot product and every list from a total
 * order (similarity, then rank, which orders as the id), so the result does not depend on the
 * number of partitions.
 */
public final class KnnGraphBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(KnnGraphBuilder.class);
  private static final long CHUNK_SALT = 0x63686e6bL;
  private static final long RECALL_SALT = 0x726563616c6cL;
  private static final long PROJECTION_SALT = 0x70726f6aL;
  /** Fixed part of the error for a vector that is not a unit vector (tests assert it). */
  public static final String NOT_UNIT = "expected a unit vector";

  /** Figures of one build, for the log, the metadata and the benchmark. */
  public record Stats(long items, int dim, int searchDim, int clusters, int nprobe, long kmeansSample,
      long largestCluster, long smallestCluster, int blocks, double recall, int recallQueries,
      Map<String, Double> seconds) {}

  /**
   * The directed lists by rank (persisted; for recall checks, {@link RecallCheck#lists}), the
   * density table rows, and the ids by rank.
   */
  public record Result(Dataset<Row> directed, Dataset<Row> table, Stats stats, IdRanks ranks) {}

  private KnnGraphBuilder() {}

  /**
   * Builds the graph of {@code pool} = (id string, labelled boolean, u array&lt;float&gt;);
   * {@code source} names the input in error messages. Runs the recall check unless
   * {@code cfg.recallQueries()} is 0. The returned table is lazy: write it, then
   * {@link #release} the result.
   */
  public static Result build(SparkSession spark, Dataset<Row> pool, String source, DensityConfig cfg,
      int minPartitions, StageScope scope) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    scope.step("collect and rank the ids, check the vectors");
    IdRanks ranks = IdRanks.collect(pool, source);
    long n = ranks.size();
    if (n == 0) throw new BadInputException(source, null, null, "no vectors: the pool (unlabelled and labelled) is empty");
    Row first = pool.first();
    float[] firstU = RowArrays.floats(first, 2);
    if (firstU == null) throw new BadInputException(source, "id " + first.getString(0), "u", "expected a vector, found null");
    int dim = firstU.length;
    int partitions = shufflePartitions(n, minPartitions);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<IdRanks> bRanks = jsc.broadcast(ranks);
    int clusters = cfg.clustersFor(n);
    int nprobe = cfg.nprobeFor(n);
    long sampleSize = cfg.sampleSizeFor(n);
    if (sampleSize < clusters) {
      throw new ConfigException(DensityConfig.SAMPLE_SIZE.key(), "must be at least the number of clusters ("
          + clusters + "), was " + cfg.sampleSize());
    }
    RandomProjection projection = cfg.projectionDims() > 0
        ? new RandomProjection(dim, cfg.projectionDims(), cfg.seed() ^ PROJECTION_SALT) : null;
    int searchDim = projection == null ? dim : projection.outDim();
    Dataset<Row> prepared = pool.mapPartitions(new Prepare(source, dim, projection), Encoders.row(KnnSchemas.PREPARED));
    seconds.put("check", secondsSince(t0));
    LOG.info("density: {} items ({} dims{}), {} clusters, nprobe {}, k {}, {} shuffle partitions", n, dim,
        projection == null ? "" : ", projected to " + searchDim, clusters, nprobe, cfg.k(), partitions);

    long t1 = System.nanoTime();
    scope.step("k-means on a seeded sample (" + clusters + " clusters)");
    SeededKMeans.Fit fit = SeededKMeans.fitOnDriver(prepared.select(col("id"), col("x")), n, clusters, sampleSize,
        cfg.kmeansIterations(), cfg.seed());
    if (fit.sampleRows() == 0) {
      throw new ConfigException(DensityConfig.SAMPLE_SIZE.key(), "the k-means sample is empty; raise it");
    }
    float[][] centroids = fit.centroids();
    seconds.put("kmeans", secondsSince(t1));
    LOG.info("density: k-means on {} sampled rows gave {} centroids in {}", fit.sampleRows(), centroids.length,
        String.format("%.1f s", seconds.get("kmeans")));

    long t2 = System.nanoTime();
    scope.step("assign vectors to clusters");
    Broadcast<CoarseQuantizer> quantizer = jsc.broadcast(new CoarseQuantizer(centroids));
    int probes = Math.min(nprobe, centroids.length);
    Dataset<Row> assigned = prepared.mapPartitions(new Assign(quantizer, probes, bRanks),
        Encoders.row(KnnSchemas.ASSIGNED))
        .persist(StorageLevel.MEMORY_AND_DISK());
    ClusterDensities.Result perCluster = ClusterDensities.of(assigned, centroids.length, searchDim);
    long[] sizes = perCluster.sizes();
    int[] chunks = new int[sizes.length];
    int[] offsets = new int[sizes.length + 1];
    long largest = 0;
    long smallest = Long.MAX_VALUE;
    for (int c = 0; c < sizes.length; c++) {
      chunks[c] = (int) Math.max(1, (sizes[c] + cfg.maxBlockRows() - 1) / cfg.maxBlockRows());
      offsets[c + 1] = offsets[c] + chunks[c];
      largest = Math.max(largest, sizes[c]);
      smallest = Math.min(smallest, sizes[c]);
    }
    seconds.put("assign", secondsSince(t2));
    LOG.info("density: cluster sizes {}..{} (mean {}), {} blocks", smallest, largest,
        String.format("%.0f", n / (double) sizes.length), offsets[sizes.length]);

    long t3 = System.nanoTime();
    scope.step("exact top-" + cfg.k() + " within the " + probes + " probed clusters, merge per query");
    Dataset<Row> routed = assigned.mapPartitions(new Route(chunks, offsets, cfg.seed() ^ CHUNK_SALT),
        Encoders.row(KnnSchemas.ROUTED));
    Dataset<Row> partials = routed.repartition(partitions, col("block"))
        .sortWithinPartitions(col("block"), col("role"))
        .mapPartitions(new BlockSearch(cfg.k()), Encoders.row(KnnSchemas.PARTIAL));
    Dataset<Row> directed = partials.repartition(partitions, col("rank")).sortWithinPartitions(col("rank"))
        .mapPartitions(new MergeLists(cfg.k()), Encoders.row(KnnSchemas.DIRECTED))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long listed = directed.count();
    assigned.unpersist();
    // the quantizer broadcast stays: the persisted lists' lineage refers to it (ContextCleaner frees it)
    seconds.put("search", secondsSince(t3));
    if (listed != n) throw new IllegalStateException("density: " + listed + " kNN lists for " + n + " items");
    LOG.info("density: kNN lists of {} items in {}", listed, String.format("%.1f s", seconds.get("search")));

    double recall = Double.NaN;
    int queries = 0;
    if (cfg.recallQueries() > 0) {
      long t4 = System.nanoTime();
      scope.step("recall@" + cfg.k() + " against exact search on sampled queries");
      RecallAtK r = recall(spark, pool, directed, ranks, cfg, n, seconds);
      recall = r.result();
      queries = r.queries();
      seconds.put("recall", secondsSince(t4));
      LOG.info("density: recall@{} = {} on {} sampled queries ({} of {} exact neighbours found); exact search {}",
          cfg.k(), String.format("%.4f", recall), queries, r.hits(), r.expected(),
          String.format("%.1f s", seconds.get("exactSearch")));
      if (recall < cfg.minRecall()) {
        directed.unpersist();
        throw new ConfigException(DensityConfig.MIN_RECALL.key(), String.format(
            "measured recall@%d %.4f is below %.4f; raise density.nprobe (now %d) or density.clusters",
            cfg.k(), recall, cfg.minRecall(), nprobe));
      }
    }

    scope.step("symmetrise the kNN graph");
    Dataset<Row> table = directed.mapPartitions(new ToEdges(), Encoders.row(KnnSchemas.EDGES))
        .repartition(partitions, col("target"))
        // rank order is id order
        .mapPartitions(new SymmetriseLists(bRanks, perCluster.rho()), Encoders.row(KnnSchemas.OUTPUT));
    Stats stats = new Stats(n, dim, searchDim, centroids.length, probes, fit.sampleRows(), largest, smallest,
        offsets[sizes.length], recall, queries, seconds);
    return new Result(directed, table, stats, ranks);
  }

  /** Items per shuffle partition: keeps each partition's routed rows near 300 MB (docs/scaling.md). */
  static final long ITEMS_PER_PARTITION = 250_000;

  /**
   * Partitions of the graph's shuffles: the job's setting, or more when the pool is large, so a
   * partition's buffers stay the same size as the pool grows.
   */
  static int shufflePartitions(long items, int minPartitions) {
    return (int) Math.max(minPartitions, Math.min(1 << 16, (items + ITEMS_PER_PARTITION - 1) / ITEMS_PER_PARTITION));
  }

  /** Frees the persisted directed lists once the table is written. */
  public static void release(Result r) {
    r.directed().unpersist();
  }

  static double secondsSince(long t) {
    return (System.nanoTime() - t) / 1e9;
  }

  private static RecallAtK recall(SparkSession spark, Dataset<Row> pool, Dataset<Row> directed, IdRanks ranks,
      DensityConfig cfg, long n, Map<String, Double> seconds) {
    RecallCheck.Queries queries = RecallCheck.sample(pool, recallSeed(cfg), (int) Math.min(cfg.recallQueries(), n), n);
    long t = System.nanoTime();
    List<Neighbours> truth = RecallCheck.exact(spark, pool, queries, cfg.k());
    seconds.put("exactSearch", secondsSince(t));
    return RecallCheck.recall(queries.ids(), RecallCheck.lists(directed, ranks, queries.ids()), truth, cfg.k());
  }

  /** Seed of the recall query sample (the benchmark samples the same queries). */
  public static long recallSeed(DensityConfig cfg) {
    return cfg.seed() ^ RECALL_SALT;
  }

  /** Checks each vector (length, finite, unit norm) and projects it when asked. */
  static final class Prepare implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int dim;
    private final RandomProjection projection;

    Prepare(String source, int dim, RandomProjection projection) {
      this.source = source;
      this.dim = dim;
      this.projection = projection;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public Row next() {
          Row r = in.next();
          String id = r.getString(0);
          if (id == null) throw new BadInputException(source, null, "id", "expected a pool id, found null");
          float[] u = RowArrays.floats(r, 2);
          String where = "id " + id;
          if (u == null) throw new BadInputException(source, where, "u", "expected a vector, found null");
          if (u.length != dim) {
            throw new BadInputException(source, where, "u", "expected " + dim + " values (as the first row), found "
                + u.length);
          }
          for (int d = 0; d < u.length; d++) {
            if (!Float.isFinite(u[d])) {
              throw new BadInputException(source, where, "u[" + d + "]", "expected a finite number, found " + u[d]);
            }
          }
          double norm = Vectors.norm(u);
          if (Math.abs(norm - 1) > 1e-3) {
            throw new BadInputException(source, where, "u", NOT_UNIT + " (||u|| = 1), found ||u|| = " + norm);
          }
          return RowFactory.create(id, r.getBoolean(1), projection == null ? u : projection.project(u));
        }
      };
    }
  }

  /**
   * Adds each vector's probed clusters, nearest first, a batch of rows per sgemm; replaces the id
   * by its rank and packs the vector ({@link Packed}).
   */
  static final class Assign implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 4096;
    private final Broadcast<CoarseQuantizer> quantizer;
    private final int nprobe;
    private final Broadcast<IdRanks> ranks;

    Assign(Broadcast<CoarseQuantizer> quantizer, int nprobe, Broadcast<IdRanks> ranks) {
      this.quantizer = quantizer;
      this.nprobe = nprobe;
      this.ranks = ranks;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      Nd4jThreads.limit(1); // Spark already runs one task per core
      CoarseQuantizer q = quantizer.value();
      IdRanks dictionary = ranks.value();
      int dim = q.dim();
      PartitionProgress progress = new PartitionProgress("density: assign clusters, rows");
      return new Iterator<>() {
        private final Row[] batch = new Row[BATCH];
        private final float[] xs = new float[BATCH * dim];
        private int[][] probes = new int[0][];
        private int size;
        private int at;

        @Override
        public boolean hasNext() {
          if (at < size) return true;
          size = 0;
          at = 0;
          while (size < BATCH && in.hasNext()) {
            Row r = in.next();
            System.arraycopy(RowArrays.floats(r, 2), 0, xs, size * dim, dim);
            batch[size++] = r;
          }
          if (size == 0) {
            progress.done();
            return false;
          }
          probes = q.probesOfMany(xs, size, nprobe);
          progress.add(size);
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) throw new java.util.NoSuchElementException();
          Row r = batch[at];
          return RowFactory.create(dictionary.rank(r.getString(0)), r.getBoolean(1), Packed.floats(xs, at * dim, dim),
              probes[at++]);
        }
      };
    }
  }

  /**
   * A mapPartitions that turns each input row into a few output rows, produced lazily so that
   * only one input row's expansion is in memory at a time.
   */
  abstract static class ExpandRows implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** Appends the output rows of {@code r} to {@code out}. */
    abstract void expand(Row r, List<Row> out);

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      return new Iterator<>() {
        private final List<Row> out = new ArrayList<>();
        private int at;

        @Override
        public boolean hasNext() {
          while (at >= out.size()) {
            if (!in.hasNext()) return false;
            out.clear();
            at = 0;
            expand(in.next(), out);
          }
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) throw new java.util.NoSuchElementException();
          return out.get(at++);
        }
      };
    }
  }

  /**
   * Sends each vector to its own cluster's block as data (role 0, which also makes it a query of
   * that block) and to every other block of its probed clusters as a query (role 1).
   */
  static final class Route extends ExpandRows {
    private static final long serialVersionUID = 1L;
    private final int[] chunks;
    private final int[] offsets;
    private final long seed;

    Route(int[] chunks, int[] offsets, long seed) {
      this.chunks = chunks;
      this.offsets = offsets;
      this.seed = seed;
    }

    @Override
    void expand(Row r, List<Row> out) {
      int rank = r.getInt(0);
      boolean labelled = r.getBoolean(1);
      Object x = r.get(2);
      int[] probes = RowArrays.ints(r, 3);
      int own = probes[0];
      int chunk = chunks[own] == 1 ? 0 : (int) Long.remainderUnsigned(SeededSplit.mix(seed + rank), chunks[own]);
      int home = offsets[own] + chunk;
      out.add(RowFactory.create(home, 0, rank, labelled, own, x));
      for (int p : probes) {
        for (int c = 0; c < chunks[p]; c++) {
          if (offsets[p] + c != home) out.add(RowFactory.create(offsets[p] + c, 1, rank, labelled, own, x));
        }
      }
    }
  }

  /** A node's own row plus one reverse edge per neighbour, keyed by the row they belong to. */
  static final class ToEdges extends ExpandRows {
    private static final long serialVersionUID = 1L;

    @Override
    void expand(Row r, List<Row> out) {
      int rank = r.getInt(0);
      byte[] packed = (byte[]) r.get(4);
      out.add(RowFactory.create(rank, 0, r.getBoolean(1), r.getInt(2), r.getDouble(3), packed, null, null));
      RankList list = Packed.list(packed);
      for (int i = 0; i < list.size(); i++) {
        out.add(RowFactory.create(list.ranks()[i], 1, null, null, null, null, rank, list.similarities()[i]));
      }
    }
  }

}
