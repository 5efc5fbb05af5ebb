package org.ascmr.jobs.spark;

import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ascmr.density.IdHash;

/**
 * The seeded row samples the stages draw on the executors: a row is in when the hash of (seed, its
 * id) falls below {@code fraction}, so the sample depends on the ids and the seed only, never on
 * files or partitioning; a fraction of 1 or more keeps every row.
 */
public final class SeededSample {
  private SeededSample() {}

  /** The rows of {@code rows} whose id (string column {@code idField}) is in the sample. */
  public static Dataset<Row> byIdHash(Dataset<Row> rows, int idField, double fraction, long seed) {
    return rows.filter((FilterFunction<Row>) r -> fraction >= 1.0 || IdHash.unit(seed, r.getString(idField)) < fraction);
  }
}
