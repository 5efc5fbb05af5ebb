package org.ascmr.jobs.score;

import static org.apache.spark.sql.functions.col;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ascmr.data.SeededSplit;
import org.ascmr.pmie.InputNormaliser;
import org.ascmr.pmie.Modality;
import org.ascmr.pmie.Noise;
import org.ascmr.pmie.PairScores;
import org.ascmr.pmie.PmieDims;
import org.ascmr.pmie.PmieEnsemble;
import org.ascmr.pmie.PmieModel;
import org.ascmr.pmie.PmieParams;
import org.ascmr.pmie.PmieScorer;
import org.ascmr.pmie.ScoreConfig;

/**
 * Scoring throughput on a SYNTHETIC pool: Gaussian image and text vectors generated from the
 * id, scored by an untrained estimator of the configured size (throughput does not depend on
 * the weights' values; input whitening, when configured, is fitted on synthetic rows). Measures the job's own per-partition path (Spark rows in, rows out) for
 * the sampled and the closed-form modes, and the bare lib scorer on one thread.
 */
public final class ScoreBenchmark {
  /** Pairs scored, untimed, before each measurement. */
  private static final int WARM_UP_PAIRS = 20_000;

  private ScoreBenchmark() {}

  /** One measured mode; {@code cpuSeconds} is the measuring thread's CPU time (NaN for Spark runs). */
  public record Measurement(String mode, String path, long pairs, double seconds, double cpuSeconds) {
    public double pairsPerSecond() {
      return pairs / seconds;
    }

    public double pairsPerCpuSecond() {
      return pairs / cpuSeconds;
    }
  }

  public static List<Measurement> run(SparkSession spark, ScoreConfig cfg, long pairs, int dim, int partitions,
      int singleThreadPairs) {
    PmieDims dims = new PmieDims(dim, dim, cfg.embedDim(), cfg.hidden());
    // Input normalisers fitted on synthetic rows, so that whitening (score.whitenRidge > 0) costs
    // what it costs in a real run.
    Map<Modality, InputNormaliser> norms = new EnumMap<>(Modality.class);
    for (Modality m : Modality.values()) {
      float[][] sample = new float[2 * dim][dim];
      for (int i = 0; i < sample.length; i++) Noise.gaussians(SeededSplit.key(seed0(cfg), m.ordinal(), i), sample[i], 0, dim);
      int[] rows = new int[sample.length];
      for (int i = 0; i < rows.length; i++) rows[i] = i;
      norms.put(m, InputNormaliser.fit(sample, rows, dim, cfg.whitenRidge()));
    }
    PmieModel model = new PmieModel(PmieParams.init(dims, cfg.seed(), norms));
    StructType schema = new StructType()
        .add(FeatureSource.ID, DataTypes.StringType, false)
        .add(FeatureSource.XV, DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add(FeatureSource.XT, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    long seed = cfg.seed();
    Dataset<Row> pool = spark.range(0, pairs, 1, partitions).mapPartitions(
        (MapPartitionsFunction<Long, Row>) ids -> generate(ids, dim, seed), Encoders.row(schema))
        .persist(StorageLevel.MEMORY_AND_DISK());
    pool.count();
    FeatureSource features = new FeatureSource(pool, "synthetic", "xv", "xt", dim, dim, null);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Measurement> out = new ArrayList<>();
    for (boolean closed : new boolean[] {false, true}) {
      PmieScorer scorer = new PmieScorer(model, cfg.samples(), closed, cfg.seed());
      String mode = closed ? "closed-form" : "sampled K=" + cfg.samples();
      out.add(singleThread(scorer, dims, Math.min(singleThreadPairs, pairs), mode));
      Broadcast<PmieEnsemble> shared = jsc.broadcast(PmieEnsemble.of(scorer));
      PartitionScorer fn = new PartitionScorer(shared, PartitionScorer.Mode.SCORE, cfg.scoreBatch(), features);
      // warm-up (JIT) on a slice, untimed: the vector kernels run interpreted, far slower than
      // scalar code, until C2 has compiled them (about a second of one core)
      fn.scoreAll(pool.limit((int) Math.min(pairs, WARM_UP_PAIRS))).count();
      long t0 = System.nanoTime();
      long n = fn.scoreAll(pool).where(col("u_inter").isNotNull()).count();
      out.add(new Measurement(mode, "spark " + spark.sparkContext().master() + ", " + partitions + " partitions", n,
          (System.nanoTime() - t0) / 1e9, Double.NaN));
      shared.destroy();
    }
    pool.unpersist();
    return out;
  }

  private static long seed0(ScoreConfig cfg) {
    return cfg.seed() ^ 0x5EEDL;
  }

  private static Iterator<Row> generate(Iterator<Long> ids, int dim, long seed) {
    List<Row> rows = new ArrayList<>();
    float[] buf = new float[2 * dim];
    while (ids.hasNext()) {
      long id = ids.next();
      String name = String.format("synthetic-%09d", id);
      Noise.gaussians(SeededSplit.key(seed, 0xBE7C4L, name), buf, 0, buf.length);
      rows.add(RowFactory.create(name, java.util.Arrays.copyOfRange(buf, 0, dim),
          java.util.Arrays.copyOfRange(buf, dim, 2 * dim)));
    }
    return rows.iterator();
  }

  /** The lib scorer alone on one thread: batches of scoreBatch rows, no Spark. */
  private static Measurement singleThread(PmieScorer scorer, PmieDims dims, long pairs, String mode) {
    int batch = 256;
    int n = (int) pairs;
    float[] xv = new float[batch * dims.imageDim()];
    float[] xt = new float[batch * dims.textDim()];
    Noise.gaussians(SeededSplit.key(1, 2, 3L), xv, 0, xv.length);
    Noise.gaussians(SeededSplit.key(1, 2, 4L), xt, 0, xt.length);
    long[] h = new long[batch];
    PmieScorer.Workspace ws = scorer.workspace(batch);
    PairScores out = new PairScores(batch, dims.embedDim());
    // warm-up: let the JIT compile the kernels before timing
    for (int i = 0; i < WARM_UP_PAIRS / batch; i++) scorer.score(xv, xt, h, batch, ws, out);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (int done = 0; done < n; done += batch) {
      int m = Math.min(batch, n - done);
      for (int i = 0; i < m; i++) h[i] = done + i;
      scorer.score(xv, xt, h, m, ws, out);
    }
    return new Measurement(mode, "lib scorer, 1 thread", n, (System.nanoTime() - t0) / 1e9,
        (threads.getCurrentThreadCpuTime() - c0) / 1e9);
  }
}
