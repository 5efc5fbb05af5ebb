package org.ascmr.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.ascmr.data.ScoreColumns;
import org.ascmr.density.IdHash;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.Tables;

/**
 * A SYNTHETIC score artefact for end-to-end benchmarks of density and allocate: the vectors of
 * {@link SyntheticVectors} as u (and mu; sigma = 1), informativeness uniform in [0, 1) from a hash
 * of the id, and a seeded hash share of the pairs labelled.
 */
public final class SyntheticScores {
  private SyntheticScores() {}

  public static void write(SparkSession spark, SyntheticVectors gen, long n, double labelledFraction, long seed,
      int partitions, String out) {
    UserDefinedFunction unit = udf((UDF1<String, Double>) id -> IdHash.unit(seed, id), DataTypes.DoubleType);
    UserDefinedFunction informativeness = udf((UDF1<String, Double>) id -> IdHash.unit(seed + 1, id),
        DataTypes.DoubleType);
    UserDefinedFunction ones = udf((UDF1<scala.collection.Seq<Float>, float[]>) u -> {
      float[] o = new float[u.size()];
      java.util.Arrays.fill(o, 1f);
      return o;
    }, DataTypes.createArrayType(DataTypes.FloatType, false));
    Dataset<Row> all = gen.generate(spark, n, partitions).withColumn("h", unit.apply(col("id")));
    Dataset<Row> data = all.where(col("h").geq(labelledFraction)).select(col("id"),
        informativeness.apply(col("id")).as(ScoreColumns.INFORMATIVENESS),
        informativeness.apply(col("id")).as(ScoreColumns.U_INTER), lit(0.0).as(ScoreColumns.U_V),
        lit(0.0).as(ScoreColumns.U_T), col("u").as(ScoreColumns.MU), ones.apply(col("u")).as(ScoreColumns.SIGMA),
        col("u"));
    Dataset<Row> labelled = all.where(col("h").lt(labelledFraction)).select(col("id"), col("u").as(ScoreColumns.MU),
        ones.apply(col("u")).as(ScoreColumns.SIGMA), col("u"));
    Metadata md = Metadata.create(ArtifactKind.SCORES, "bench-synthetic", seed, 0,
        Map.of("bench.items", Long.toString(n), "bench.labelledFraction", Double.toString(labelledFraction)),
        List.of(), Map.of("source", gen.describe()));
    Tables.store(spark).commit(out, dir -> {
      Tables.writeData(spark, data, dir);
      labelled.write().parquet(dir + "/" + ScoreColumns.LABELLED_DIR);
      return md.withRows(spark.read().parquet(dir + "/" + Tables.DATA_DIR).count());
    });
  }
}
