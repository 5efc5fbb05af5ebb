package org.ascmr.jobs.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.SeededSplit;
import org.ascmr.density.IdHash;
import org.ascmr.density.Vectors;

/**
 * SYNTHETIC unit vectors for benchmarks (never for claims about real data): a mixture of
 * low-rank Gaussians on the sphere. Component c has a random centre and {@code latent} random
 * directions with scales {@code latentScale / sqrt(l + 1)}; a point is normalise(centre + sum_l
 * z_l scale_l dir_l + noise g / sqrt(D)) with z, g standard normal. So the data are clustered
 * and have a low intrinsic dimension (about {@code latent}), like learned embeddings, rather than
 * uniform noise. Item i is "syn" + 9 digits, its component the hash of (seed, id) mod C, its
 * noise drawn from a generator seeded by (seed, i): the data do not depend on the partitioning.
 */
public final class SyntheticVectors implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType, false)
      .add("labelled", DataTypes.BooleanType, false).add("u", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private final int dims;
  private final int components;
  private final int latent;
  private final double latentScale;
  private final double noise;
  private final long seed;

  public SyntheticVectors(int dims, int components, int latent, double latentScale, double noise, long seed) {
    this.dims = dims;
    this.components = components;
    this.latent = latent;
    this.latentScale = latentScale;
    this.noise = noise;
    this.seed = seed;
  }

  public String describe() {
    return String.format("SYNTHETIC mixture of %d low-rank Gaussians on the sphere: %d dims, %d latent directions"
        + " per component (scale %.2f/sqrt(l+1)), isotropic noise %.3f, seed %d", components, dims, latent, latentScale,
        noise, seed);
  }

  public static String id(long i) {
    return String.format("syn%09d", i);
  }

  /** n rows (id, labelled = false, u) in {@code slices} partitions. */
  public Dataset<Row> generate(SparkSession spark, long n, int slices) {
    return spark.range(0, n, 1, slices).toDF("i").mapPartitions(new Generate(this), Encoders.row(SCHEMA));
  }

  /** Centres and directions, rebuilt identically from the seed wherever they are needed. */
  private float[][][] model() {
    Random r = new Random(seed);
    float[][][] m = new float[components][latent + 1][dims];
    for (int c = 0; c < components; c++) {
      for (int d = 0; d < dims; d++) m[c][0][d] = (float) r.nextGaussian();
      m[c][0] = Vectors.normalise(m[c][0]);
      for (int l = 1; l <= latent; l++) {
        double s = latentScale / Math.sqrt(l) / Math.sqrt(dims);
        for (int d = 0; d < dims; d++) m[c][l][d] = (float) (r.nextGaussian() * s);
      }
    }
    return m;
  }

  float[] point(float[][][] model, long i) {
    String id = id(i);
    int c = (int) Long.remainderUnsigned(IdHash.hash(seed, id), components);
    Random r = new Random(SeededSplit.mix(seed ^ SeededSplit.mix(i)));
    float[] x = model[c][0].clone();
    for (int l = 1; l <= latent; l++) {
      float z = (float) r.nextGaussian();
      for (int d = 0; d < dims; d++) x[d] += z * model[c][l][d];
    }
    double s = noise / Math.sqrt(dims);
    for (int d = 0; d < dims; d++) x[d] += (float) (r.nextGaussian() * s);
    return Vectors.normalise(x);
  }

  private static final class Generate implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final SyntheticVectors gen;

    Generate(SyntheticVectors gen) {
      this.gen = gen;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      float[][][] model = gen.model();
      List<Row> out = new ArrayList<>();
      while (in.hasNext()) {
        long i = in.next().getLong(0);
        out.add(RowFactory.create(id(i), false, gen.point(model, i)));
      }
      return out.iterator();
    }
  }
}
