package org.ascmr.jobs.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.SeededSplit;
import org.ascmr.data.Split;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.PoolSummary;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;

/**
 * A SYNTHETIC pool of image-text pairs for scale benchmarks of a whole round (never for claims
 * about learning quality): a pool artefact of the shape a real extract writes, so every stage
 * reads it as it would a user's pool.
 *
 * <p>Pair i has one class c (a seeded hash of i, out of {@code labels}) and a shared latent s of
 * {@link #LATENT} dims: image = centre_image[c] + P_image s + noise, text = centre_text[c] +
 * P_text s + noise, each {@code dims} long with unit-variance Gaussian noise, so the two sides
 * agree on the class and on the pair. Its labels are the one-hot class. Every 200th pair is val,
 * the next one test (among the first 400,000: at most 2,000 each), the rest train. Each row is drawn from a generator seeded by (seed, i): the
 * pool does not depend on the partitioning.
 */
public final class SyntheticPool implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Stage name in the pool's metadata. */
  public static final String STAGE = "bench-synthetic-pool";
  static final int LATENT = 8;
  private static final int SPLIT_PERIOD = 200;
  /**
   * Val and test come from the first 400,000 pairs only: at most 2,000 each, whatever the pool, as a
   * real val set does not grow with the unlabelled pool. Training computes val mAP@all every epoch,
   * quadratic in the val rows (5,000 val rows took 25 s an epoch here, 10k labelled rows 6 s).
   */
  private static final long HELD_OUT_SPAN = 400_000;
  /** Rows per written partition: about 100 MB of Parquet at 512-d. */
  private static final long ROWS_PER_FILE = 25_000;

  private final long pairs;
  private final int dims;
  private final int labels;
  private final long seed;
  private transient float[][][] model;

  public SyntheticPool(long pairs, int dims, int labels, long seed) {
    if (pairs < SPLIT_PERIOD) throw new IllegalArgumentException("pairs must be >= " + SPLIT_PERIOD + ", was " + pairs);
    if (dims < 1 || labels < 2) throw new IllegalArgumentException("dims >= 1 and labels >= 2 needed");
    this.pairs = pairs;
    this.dims = dims;
    this.labels = labels;
    this.seed = seed;
  }

  public String describe() {
    return String.format(Locale.ROOT, "SYNTHETIC pool: %,d pairs, %d-d image and %d-d text vectors, %d one-hot classes"
        + " (class centre + %d-d shared pair latent + Gaussian noise), every %dth of the first %,d pairs val and the next test, seed %d", pairs, dims, dims, labels, LATENT,
        SPLIT_PERIOD, HELD_OUT_SPAN, seed);
  }

  public static String id(long i) {
    return String.format(Locale.ROOT, "syn%010d", i);
  }

  static Split split(long i) {
    if (i >= HELD_OUT_SPAN) return Split.TRAIN;
    long r = i % SPLIT_PERIOD;
    return r == 0 ? Split.VAL : r == 1 ? Split.TEST : Split.TRAIN;
  }

  /** Class of pair i, in [0, labels). */
  int label(long i) {
    return (int) Long.remainderUnsigned(SeededSplit.mix(seed * 0x9E3779B97F4A7C15L + i), labels);
  }

  public String labelName(int c) {
    return String.format(Locale.ROOT, "class%02d", c);
  }

  /** The first {@code n} train pairs in id order, as (id, label name). */
  public List<String[]> firstTrain(int n) {
    List<String[]> out = new ArrayList<>(n);
    for (long i = 0; i < pairs && out.size() < n; i++) {
      if (split(i) == Split.TRAIN) out.add(new String[] {id(i), labelName(label(i))});
    }
    if (out.size() < n) throw new IllegalArgumentException("the pool has only " + out.size() + " train pairs");
    return out;
  }

  private Map<String, Long> splitCounts() {
    long span = Math.min(pairs, HELD_OUT_SPAN);
    long full = span / SPLIT_PERIOD;
    long rest = span % SPLIT_PERIOD;
    long val = full + (rest > 0 ? 1 : 0);
    long test = full + (rest > 1 ? 1 : 0);
    Map<String, Long> m = new TreeMap<>();
    m.put(Split.TRAIN.id(), pairs - val - test);
    m.put(Split.VAL.id(), val);
    m.put(Split.TEST.id(), test);
    return m;
  }

  /**
   * Writes the pool artefact at {@code out} unless it is there already with the same settings;
   * returns its qualified path.
   */
  public String write(SparkSession spark, String out) {
    ArtifactStore store = Tables.store(spark);
    Map<String, String> settings = new TreeMap<>();
    settings.put("pairs", Long.toString(pairs));
    settings.put("dims", Integer.toString(dims));
    settings.put("labels", Integer.toString(labels));
    settings.put("seed", Long.toString(seed));
    settings.put("generator", getClass().getSimpleName() + "/2");
    Metadata planned = Metadata.create(ArtifactKind.POOL, STAGE, seed, pairs, settings, List.of(), Map.of());
    String target = store.qualify(out);
    if (store.plan(target, planned, false) == ArtifactStore.Decision.UP_TO_DATE) return target;
    List<String> names = new ArrayList<>();
    for (int c = 0; c < labels; c++) names.add(labelName(c));
    PoolInfo info = new PoolInfo("synthetic", dims, dims, "SYNTHETIC", "SYNTHETIC", names, List.of(), splitCounts(),
        List.of(describe()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(PoolInfo.DETAIL_KEY, info);
    details.put(PoolSummary.LABELLED_COUNTS, splitCounts());
    int files = (int) Math.max(1, (pairs + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    try (StageScope scope = StageScope.open(spark, STAGE, "write " + describe())) {
      Dataset<Row> rows = spark.range(0, pairs, 1, files).toDF("i")
          .map((MapFunction<Row, Row>) r -> row(r.getLong(0)), Encoders.row(PoolTable.SCHEMA));
      store.commit(target, dir -> {
        Tables.writeData(spark, rows, dir);
        return planned.withDetails(details);
      });
    }
    return target;
  }

  /**
   * Class centres and latent projections, the same from the seed everywhere: built once per
   * deserialised copy (a task's) on first use,
   * so rows are made one at a time as Parquet asks for them (a partition of 512-d rows is 100 MB).
   */
  private float[][][] model() {
    if (model == null) model = buildModel();
    return model;
  }

  private float[][][] buildModel() {
    SplittableRandom r = new SplittableRandom(seed);
    float[][][] m = new float[2][labels + LATENT][dims];
    for (float[][] side : m) {
      for (float[] v : side) {
        for (int d = 0; d < dims; d++) v[d] = (float) r.nextGaussian();
      }
    }
    return m;
  }

  Row row(long i) {
    float[][][] model = model();
    SplittableRandom r = new SplittableRandom(SeededSplit.mix(seed ^ SeededSplit.mix(i)));
    int c = label(i);
    double[] s = new double[LATENT];
    for (int l = 0; l < LATENT; l++) s[l] = r.nextGaussian();
    float[][] sides = new float[2][];
    for (int side = 0; side < 2; side++) {
      float[] x = model[side][c].clone();
      for (int l = 0; l < LATENT; l++) {
        float z = (float) s[l];
        float[] p = model[side][labels + l];
        for (int d = 0; d < dims; d++) x[d] += z * p[d];
      }
      for (int d = 0; d < dims; d++) x[d] += (float) r.nextGaussian();
      sides[side] = x;
    }
    float[] y = new float[labels];
    y[c] = 1f;
    return RowFactory.create(id(i), split(i).id(), sides[0], sides[1], y);
  }
}
