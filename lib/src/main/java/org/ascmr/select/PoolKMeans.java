package org.ascmr.select;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

/**
 * Seeded k-means (k-means++ start, Lloyd iterations) of in-memory vectors, by Apache Commons Math's
 * {@link KMeansPlusPlusClusterer}: the version Spark itself ships, so no new jar on a cluster.
 * Returns each row's cluster index; the same rows in the same order with the same seed give the same
 * assignment.
 */
public final class PoolKMeans {
  private PoolKMeans() {}

  public static int[] assign(float[][] x, int k, int iterations, long seed) {
    if (k < 1 || k > x.length) throw new IllegalArgumentException("k must be in [1, " + x.length + "], was " + k);
    List<Row> rows = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) rows.add(new Row(i, x[i]));
    int[] out = new int[x.length];
    if (k == 1) return out;
    KMeansPlusPlusClusterer<Row> clusterer = new KMeansPlusPlusClusterer<>(k, iterations, new EuclideanDistance(),
        new Well19937c(seed));
    List<CentroidCluster<Row>> clusters = clusterer.cluster(rows);
    for (int c = 0; c < clusters.size(); c++) {
      for (Row r : clusters.get(c).getPoints()) out[r.index] = c;
    }
    return out;
  }

  private static final class Row implements Clusterable {
    final int index;
    final double[] point;

    Row(int index, float[] v) {
      this.index = index;
      this.point = new double[v.length];
      for (int i = 0; i < v.length; i++) point[i] = v[i];
    }

    @Override
    public double[] getPoint() {
      return point;
    }
  }
}
