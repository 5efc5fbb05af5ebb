package org.ascmr.jobs.io;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;

/**
 * Table artefacts: a directory with metadata.json and the rows as Parquet under {@code data/}.
 * Reading checks the kind first; writing goes through {@link ArtifactStore#commit}.
 */
public final class Tables {
  public static final String DATA_DIR = "data";

  private Tables() {}

  /** A table read back: its metadata and its rows. */
  public record Table(String path, Metadata metadata, Dataset<Row> rows) {}

  public static ArtifactStore store(SparkSession spark) {
    return new ArtifactStore(spark.sparkContext().hadoopConfiguration());
  }

  public static Table read(SparkSession spark, String dir, ArtifactKind kind) {
    Metadata md = store(spark).readMetadata(dir, kind);
    String data = dir + "/" + DATA_DIR;
    try {
      return new Table(dir, md, spark.read().parquet(data));
    } catch (RuntimeException e) {
      throw new StateException(dir, "cannot read its Parquet data under " + DATA_DIR + "/: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code rows} as the table artefact {@code out} atomically, with {@code metadata} whose
   * row count is taken from the written Parquet footers (no second pass over the data). Returns
   * the metadata written.
   */
  public static Metadata write(SparkSession spark, Dataset<Row> rows, String out, Metadata metadata) {
    Metadata[] written = new Metadata[1];
    store(spark).commit(out, dir -> {
      writeData(spark, rows, dir);
      written[0] = metadata.withRows(spark.read().parquet(dir + "/" + DATA_DIR).count());
      return written[0];
    });
    return written[0];
  }

  /** Writes {@code rows} as Parquet under {@code dir/data}; for writers that add more files. */
  public static void writeData(SparkSession spark, Dataset<Row> rows, String dir) {
    rows.write().mode(SaveMode.ErrorIfExists).parquet(dir + "/" + DATA_DIR);
  }
}
