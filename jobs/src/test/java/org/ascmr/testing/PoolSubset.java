package org.ascmr.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;

/** Copies of a real pool for tests: the first {@code n} rows of each split, or all rows in other files. */
public final class PoolSubset {
  private PoolSubset() {}

  public static String firstRows(SparkSession spark, String pool, String out, int n) {
    PoolTable p = PoolTable.read(spark, pool);
    Dataset<Row> rows = p.rows()
        .withColumn("_rank", row_number().over(Window.partitionBy(PoolColumns.SPLIT).orderBy(PoolColumns.ID)))
        .where(col("_rank").leq(n)).drop("_rank");
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : rows.groupBy(PoolColumns.SPLIT).count().collectAsList()) counts.put(r.getString(0), r.getLong(1));
    PoolInfo i = p.info();
    PoolInfo info = new PoolInfo(i.source(), i.imageDim(), i.textDim(), i.imageFeatures(), i.textFeatures(),
        i.labelNames(), i.vocabulary(), counts, List.of("first " + n + " rows per split (by id) of " + pool),
        i.imageEncoder(), i.textEncoder());
    Metadata md = Metadata.create(ArtifactKind.POOL, "test-subset", 0L, 0, Map.of("n", Integer.toString(n)), List.of(),
        Map.of(PoolInfo.DETAIL_KEY, info));
    Tables.write(spark, rows.coalesce(2), out, md);
    return out;
  }

  /**
   * Every row and the metadata of {@code pool} written again to {@code out} as {@code files}
   * Parquet files: one file, or rows hashed by id over several (so each file's rows come in an
   * order unrelated to the original).
   */
  public static String asFiles(SparkSession spark, String pool, String out, int files) {
    PoolTable p = PoolTable.read(spark, pool);
    Dataset<Row> rows = files == 1 ? p.rows().coalesce(1) : p.rows().repartition(files, col(PoolColumns.ID));
    Tables.write(spark, rows, out, p.metadata());
    return out;
  }
}
