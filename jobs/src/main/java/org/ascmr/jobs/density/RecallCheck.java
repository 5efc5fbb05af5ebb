package org.ascmr.jobs.density;

import org.ascmr.jobs.io.RowArrays;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ascmr.density.ExactSearch;
import org.ascmr.density.IdHash;
import org.ascmr.jobs.spark.SeededSample;
import org.ascmr.density.Neighbours;
import org.ascmr.density.RecallAtK;

/**
 * How the density stage measures recall@k: a seeded sample of query ids (the q smallest hashes of
 * (seed, id), so the same for any partitioning), their exact k nearest neighbours by a scan of the
 * whole table with the queries broadcast ({@link ExactSearch}, merged across partitions), and
 * the fraction of those found in the approximate lists.
 */
public final class RecallCheck {
  /** Sampled queries: ids and vectors, in hash order. */
  public record Queries(String[] ids, float[][] vectors) {}

  private RecallCheck() {}

  /** The q rows of {@code pool} (id, labelled, u) with the smallest hash unit of (seed, id). */
  public static Queries sample(Dataset<Row> pool, long seed, int q, long n) {
    List<Row> rows = sampleRows(pool, seed, q, Math.min(1.0, 4.0 * q / Math.max(1, n)));
    if (rows.size() < Math.min(q, n)) rows = sampleRows(pool, seed, q, 1.0);
    String[] ids = new String[rows.size()];
    float[][] vectors = new float[rows.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).getString(1);
      vectors[i] = RowArrays.floats(rows.get(i), 2);
    }
    return new Queries(ids, vectors);
  }

  private static List<Row> sampleRows(Dataset<Row> pool, long seed, int q, double fraction) {
    StructType schema = new StructType().add("h", "double").add("id", "string").add("u", KnnSchemas.FLOATS);
    return SeededSample.byIdHash(pool, 0, fraction, seed)
        .map((MapFunction<Row, Row>) r -> RowFactory.create(IdHash.unit(seed, r.getString(0)), r.getString(0),
            r.get(2)), Encoders.row(schema))
        .orderBy(col("h"), col("id")).limit(q).collectAsList();
  }

  /** Exact k nearest neighbours of the queries over {@code pool} (id, labelled, u), a query not its own. */
  public static List<Neighbours> exact(SparkSession spark, Dataset<Row> pool, Queries queries, int k) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<String[]> bIds = jsc.broadcast(queries.ids());
    Broadcast<float[][]> bVectors = jsc.broadcast(queries.vectors());
    try {
      ExactSearch merged = pool.select(col("id"), col("u")).javaRDD().mapPartitions(rows -> {
        ExactSearch s = new ExactSearch(bIds.value(), bVectors.value(), k);
        while (rows.hasNext()) {
          Row r = rows.next();
          s.add(r.getString(0), RowArrays.floats(r, 1));
        }
        return List.of(s.flush()).iterator();
      }).reduce(ExactSearch::merge);
      return merged.result();
    } finally {
      bIds.destroy();
      bVectors.destroy();
    }
  }

  /** The directed lists of the given ids from a {@link KnnSchemas#DIRECTED} table (by rank), as ids. */
  public static Map<String, Neighbours> lists(Dataset<Row> directed, IdRanks ranks, String[] ids) {
    Set<Integer> wanted = new HashSet<>();
    for (String id : ids) {
      int r = ranks.rank(id);
      if (r >= 0) wanted.add(r);
    }
    Map<String, Neighbours> out = new HashMap<>();
    for (Row r : directed.filter(col("rank").isin(wanted.toArray())).collectAsList()) {
      out.put(ranks.id(r.getInt(0)), Packed.list((byte[]) r.get(4)).toNeighbours(ranks.ids()));
    }
    return out;
  }

  public static RecallAtK recall(String[] ids, Map<String, Neighbours> approximate, List<Neighbours> exact, int k) {
    RecallAtK r = new RecallAtK(k);
    for (int i = 0; i < ids.length; i++) r.add(approximate.getOrDefault(ids[i], Neighbours.EMPTY), exact.get(i));
    return r;
  }
}
