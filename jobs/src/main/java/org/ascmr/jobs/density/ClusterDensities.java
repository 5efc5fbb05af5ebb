package org.ascmr.jobs.density;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.ascmr.allocate.ClusterSums;
import org.ascmr.jobs.io.InternalRows;
import scala.Tuple2;

/**
 * Each coarse cluster's size and density rho_c (the mean pairwise similarity of its members'
 * search vectors, {@link ClusterSums}), from the assigned rows in one pass. The density table
 * carries rho_c on every row so that the cluster solver need not bring u back and join it to
 * the clusters: at 1M pairs that join shuffled 267 bytes per row and was most of allocate's time.
 *
 * <p>Per partition one {@link ClusterSums} per cluster present, reduced by cluster: the driver
 * receives one summary per cluster, and the fixed-point sums make rho_c the same bits whatever
 * the partitioning.
 */
final class ClusterDensities {
  /** Members per cluster (labelled and unlabelled) and each cluster's rho_c. */
  record Result(long[] sizes, double[] rho) {}

  private ClusterDensities() {}

  /** Over {@code assigned} ({@link KnnSchemas#ASSIGNED}: labelled, packed x, probes with the own cluster first). */
  static Result of(Dataset<Row> assigned, int clusters, int dim) {
    Dataset<Row> in = assigned.select("labelled", "x", "probes");
    JavaPairRDD<Integer, ClusterSums> partial = InternalRows.rows(in).mapPartitionsToPair(rows -> {
      ClusterSums[] sums = new ClusterSums[clusters];
      float[] x = new float[dim];
      while (rows.hasNext()) {
        InternalRow r = rows.next();
        Packed.floatsInto(r.getBinary(1), x, 0);
        int c = r.getArray(2).getInt(0);
        if (sums[c] == null) sums[c] = new ClusterSums(dim);
        sums[c].add(x, r.getBoolean(0));
      }
      List<Tuple2<Integer, ClusterSums>> out = new ArrayList<>();
      for (int c = 0; c < clusters; c++) if (sums[c] != null) out.add(new Tuple2<>(c, sums[c]));
      return out.iterator();
    });
    long[] sizes = new long[clusters];
    double[] rho = new double[clusters];
    for (Tuple2<Integer, ClusterSums> t : partial.reduceByKey(ClusterSums::merge).collect()) {
      sizes[t._1()] = t._2().size();
      rho[t._1()] = t._2().rho();
    }
    return new Result(sizes, rho);
  }
}
