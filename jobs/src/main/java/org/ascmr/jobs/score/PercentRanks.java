package org.ascmr.jobs.score;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Rank normalisation to [0, 1] over the whole unlabelled set without collecting it: the
 * percent rank r = (number of values strictly below v) / (n - 1), the same value for ties (as
 * SQL's percent_rank). A global sort range-partitions the (id, value) rows; equal values fall in
 * the same partition because the partition is a function of the value, so a first pass counts
 * the rows of each partition, and a second assigns each run of equal values the global position
 * of its first row. Three jobs over two slim columns; the driver only holds one count per
 * partition.
 */
final class PercentRanks {
  private PercentRanks() {}

  /**
   * (id, rank) for every row of {@code idValue} (columns: id string, value double). The sorted
   * rows are cached for the two passes; the cache is added to {@code caches} for the caller to
   * release once the ranks are written.
   */
  static Dataset<Row> of(SparkSession spark, Dataset<Row> idValue, String idCol, String valueCol, String rankCol,
      List<JavaRDD<?>> caches) {
    JavaRDD<Row> sorted = idValue.select(col(idCol), col(valueCol)).orderBy(col(valueCol)).javaRDD()
        .persist(StorageLevel.MEMORY_AND_DISK());
    caches.add(sorted);
    List<long[]> counts = sorted.mapPartitionsWithIndex((p, it) -> {
      long c = 0;
      while (it.hasNext()) {
        it.next();
        c++;
      }
      List<long[]> one = new ArrayList<>();
      one.add(new long[] {p, c});
      return one.iterator();
    }, true).collect();
    int parts = sorted.getNumPartitions();
    long[] offsets = new long[parts];
    long n = 0;
    long[] perPartition = new long[parts];
    for (long[] pc : counts) perPartition[(int) pc[0]] = pc[1];
    for (int p = 0; p < parts; p++) {
      offsets[p] = n;
      n += perPartition[p];
    }
    long total = n;
    JavaRDD<Row> ranked = sorted.mapPartitionsWithIndex((p, it) -> assign(it, offsets[p], total), true);
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField(idCol, DataTypes.StringType, false),
        DataTypes.createStructField(rankCol, DataTypes.DoubleType, false)});
    return spark.createDataFrame(ranked, schema);
  }

  /** Ranks of one partition's sorted values, its first row being at global position {@code offset}. */
  static Iterator<Row> assign(Iterator<Row> sortedRows, long offset, long total) {
    return new Iterator<>() {
      long position = offset;
      long runStart = offset;
      double previous = Double.NaN;

      @Override
      public boolean hasNext() {
        return sortedRows.hasNext();
      }

      @Override
      public Row next() {
        Row r = sortedRows.next();
        double v = r.getDouble(1);
        if (position == offset || v != previous) runStart = position;
        previous = v;
        position++;
        return RowFactory.create(r.getString(0), rank(runStart, total));
      }
    };
  }

  /** Percent rank of the run starting at position {@code runStart} among {@code total} values. */
  static double rank(long runStart, long total) {
    return total <= 1 ? 0.0 : (double) runStart / (total - 1);
  }
}
