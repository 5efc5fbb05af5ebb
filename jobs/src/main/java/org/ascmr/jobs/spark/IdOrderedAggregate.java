package org.ascmr.jobs.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A sum over a table's rows that gives the same bits however the table is split into files and
 * partitions (issue 13, item 5). Floating-point addition is not associative, so Spark's
 * treeReduce over the input partitions makes the result depend on the partitioning: a pool stored
 * as three files, or read with four partitions, gave a CCA space a few ulps away, and the
 * selection that clusters it picked other pairs.
 *
 * <p>Here the rows go to a number of buckets that depends only on the row count (hash of the id,
 * as Spark's HashPartitioning computes it), each bucket folds its rows in id order, and the
 * driver merges the buckets in bucket order. The price is one shuffle of the columns summed,
 * which for the statistics this serves (CCA moments, pool feature statistics) is small next to
 * the d^2 work per row.
 */
public final class IdOrderedAggregate {
  /** Rows per bucket: enough to keep a bucket's fixed cost (its d x d sums, a task) small. */
  public static final long ROWS_PER_BUCKET = 50_000;
  /** At most this many buckets, so the driver never holds more partial sums than this. */
  public static final int MAX_BUCKETS = 64;

  private IdOrderedAggregate() {}

  /** How to fold rows into an accumulator and merge two accumulators. */
  public interface Folder<A> extends Serializable {
    A zero();

    A add(A acc, Row row);

    A merge(A left, A right);
  }

  /** Buckets for {@code rows} rows: ceil(rows / ROWS_PER_BUCKET), between 1 and MAX_BUCKETS. */
  public static int buckets(long rows) {
    return (int) Math.max(1, Math.min(MAX_BUCKETS, (rows + ROWS_PER_BUCKET - 1) / ROWS_PER_BUCKET));
  }

  /**
   * Folds every row of {@code rows} (which must have the column {@code id}, unique per row; the
   * count {@code rowCount} only sizes the buckets, so it must not depend on the partitioning: the
   * table's row count, e.g. from its metadata) and returns the merged accumulator, identical for
   * every partitioning of the same rows.
   */
  public static <A extends Serializable> A aggregate(Dataset<Row> rows, String id, long rowCount, Folder<A> folder) {
    int buckets = buckets(rowCount);
    JavaRDD<A> partial = rows.repartition(buckets, col(id)).sortWithinPartitions(id).toJavaRDD()
        .mapPartitions(it -> List.of(fold(it, folder)).iterator());
    // collect() returns partitions in index order, i.e. buckets in order.
    A total = folder.zero();
    for (A a : partial.collect()) total = folder.merge(total, a);
    return total;
  }

  private static <A> A fold(Iterator<Row> rows, Folder<A> folder) {
    A acc = folder.zero();
    while (rows.hasNext()) acc = folder.add(acc, rows.next());
    return acc;
  }
}
