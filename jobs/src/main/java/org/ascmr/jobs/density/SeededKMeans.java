package org.ascmr.jobs.density;

import org.ascmr.jobs.io.RowArrays;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.ascmr.density.IdHash;
import org.ascmr.jobs.spark.SeededSample;
import org.ascmr.density.LloydKMeans;

/**
 * MLlib k-means fitted on a seeded sample whose content and layout do not depend on how the
 * input is partitioned: a row is in the sample when the hash of (seed, id) falls below
 * sampleSize / n, sampled rows go to one of {@link #SLICES} slices by that hash and are sorted
 * by id within it. MLlib's own randomness (k-means|| initialisation) is seeded per slice, so the
 * same input gives the same centroids for any input partitioning.
 */
public final class SeededKMeans {
  /** Fixed number of slices of the sample. */
  public static final int SLICES = 16;
  private static final long SAMPLE_SALT = 0x6b6d65616e73L;
  private static final long INIT_SALT = 0x696e6974L;

  /** Centroids and the number of sampled rows they were fitted on. */
  public record Fit(float[][] centroids, long sampleRows) {}

  private SeededKMeans() {}

  /**
   * Fits at most {@code k} centroids (fewer when the sample is smaller) on rows (id string, x
   * array&lt;float&gt;) of {@code rows}, a table of {@code n} rows.
   */
  public static Fit fit(Dataset<Row> rows, long n, int k, long sampleSize, int iterations, long seed) {
    return fit(rows, n, k, sampleSize, iterations, seed, KMeans.K_MEANS_PARALLEL());
  }

  /** As {@link #fit(Dataset, long, int, long, int, long)} with MLlib's initialisation mode ("random", "k-means||"). */
  public static Fit fit(Dataset<Row> rows, long n, int k, long sampleSize, int iterations, long seed, String init) {
    JavaRDD<Vector> vectors = sample(rows, n, sampleSize, seed).javaRDD().map(r -> {
      float[] x = RowArrays.floats(r, 2);
      double[] d = new double[x.length];
      for (int i = 0; i < x.length; i++) d[i] = x[i];
      return org.apache.spark.mllib.linalg.Vectors.dense(d);
    }).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long m = vectors.count();
      if (m == 0) return new Fit(new float[0][], 0);
      KMeansModel model = new KMeans().setK((int) Math.min(k, m)).setMaxIterations(iterations).setSeed(seed)
          .setInitializationMode(init).run(vectors.rdd());
      Vector[] centers = model.clusterCenters();
      float[][] out = new float[centers.length][];
      for (int c = 0; c < centers.length; c++) {
        double[] v = centers[c].toArray();
        out[c] = new float[v.length];
        for (int d = 0; d < v.length; d++) out[c][d] = (float) v[d];
      }
      return new Fit(out, m);
    } finally {
      vectors.unpersist(false);
    }
  }

  /**
   * The same seeded sample fitted on the driver ({@link LloydKMeans}), as the density stage does:
   * the sample is bounded (32 rows per cluster by default: 8 MB at 1,000 clusters of 64-d), collected
   * in id order, and the initial centroids are its k rows with the smallest hash of (seed, id).
   * MLlib's k-means runs Spark jobs per step, and its centre statistics a job of k tasks per
   * iteration: at 1,000 clusters most of the stage's time, for arithmetic of a fraction of a second.
   */
  public static Fit fitOnDriver(Dataset<Row> rows, long n, int k, long sampleSize, int iterations, long seed) {
    java.util.List<Row> sampled = sample(rows, n, sampleSize, seed).orderBy(col("id")).collectAsList();
    int m = sampled.size();
    if (m == 0) return new Fit(new float[0][], 0);
    int dim = RowArrays.floats(sampled.get(0), 2).length;
    float[] xs = new float[m * dim];
    Integer[] order = new Integer[m];
    long[] hashes = new long[m];
    long s = seed ^ INIT_SALT;
    for (int i = 0; i < m; i++) {
      System.arraycopy(RowArrays.floats(sampled.get(i), 2), 0, xs, i * dim, dim);
      order[i] = i;
      hashes[i] = IdHash.hash(s, sampled.get(i).getString(1));
    }
    java.util.Arrays.sort(order, (a, b) -> {
      int c = Long.compareUnsigned(hashes[a], hashes[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    float[][] initial = new float[Math.min(k, m)][];
    for (int c = 0; c < initial.length; c++) {
      initial[c] = java.util.Arrays.copyOfRange(xs, order[c] * dim, (order[c] + 1) * dim);
    }
    return new Fit(LloydKMeans.fit(xs, m, dim, initial, iterations), m);
  }

  /** Rows (slice, id, x) whose hash of (seed, id) is below sampleSize / n, by slice, sorted by id in each. */
  private static Dataset<Row> sample(Dataset<Row> rows, long n, long sampleSize, long seed) {
    double fraction = Math.min(1.0, sampleSize / (double) n);
    long s = seed ^ SAMPLE_SALT;
    return SeededSample.byIdHash(rows, 0, fraction, s)
        .map((MapFunction<Row, Row>) r -> RowFactory.create(
            (int) Long.remainderUnsigned(IdHash.hash(s, r.getString(0)), SLICES), r.getString(0), r.get(1)),
            Encoders.row(KnnSchemas.SAMPLE))
        .repartition(SLICES, col("slice"))
        .sortWithinPartitions(col("id"));
  }
}
