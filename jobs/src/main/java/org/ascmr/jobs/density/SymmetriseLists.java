package org.ascmr.jobs.density;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ascmr.density.Density;
import org.ascmr.density.RankList;

/**
 * Builds each node's symmetrised list from its own row and the reverse edges pointing at it
 * ({@link KnnSchemas#EDGES}, one partition holding every row of its targets, in any order), and
 * emits the density table rows ({@link KnnSchemas#OUTPUT}) with the ranks turned back into ids
 * (and kept beside them), in rank order (which is id order).
 *
 * <p>The partition is gathered into primitive arrays and grouped by a sort of long keys (target,
 * arrival) instead of a Spark sort of the rows: with int targets Spark's row sort was still the
 * larger part of this step. It holds one partition: about 12 bytes per reverse edge and 100 per
 * node, 55 MB for a quarter of a 1M-item pool ({@link KnnGraphBuilder} sizes the partitions).
 */
final class SymmetriseLists implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final Broadcast<IdRanks> ranks;
  /** rho_c by cluster ({@link ClusterDensities}), written beside each row's own cluster. */
  private final double[] clusterRho;

  SymmetriseLists(Broadcast<IdRanks> ranks, double[] clusterRho) {
    this.ranks = ranks;
    this.clusterRho = clusterRho;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> in) {
    String[] ids = ranks.value().ids();
    Gathered g = Gathered.of(in);
    PartitionProgress progress = new PartitionProgress("density: symmetrise, nodes");
    return new Iterator<>() {
      private int node; // position in g.ownOrder
      private int edge; // position in g.revOrder
      private int[] revRanks = new int[64];
      private float[] revSims = new float[64];

      @Override
      public boolean hasNext() {
        if (node < g.owns) return true;
        if (edge < g.revs) {
          int target = (int) (g.revOrder[edge] >>> 32);
          throw new IllegalStateException("density: reverse edge to '" + ids[target] + "', which has no kNN row");
        }
        progress.done();
        return false;
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        int o = (int) g.ownOrder[node++];
        int rank = g.ownRank[o];
        int count = 0;
        for (; edge < g.revs && (int) (g.revOrder[edge] >>> 32) <= rank; edge++) {
          int e = (int) g.revOrder[edge];
          if (g.revTarget[e] != rank) {
            throw new IllegalStateException("density: reverse edge to '" + ids[g.revTarget[e]] + "', which has no kNN row");
          }
          if (count == revRanks.length) {
            revRanks = Arrays.copyOf(revRanks, 2 * count);
            revSims = Arrays.copyOf(revSims, 2 * count);
          }
          revRanks[count] = g.revSrc[e];
          revSims[count++] = g.revSim[e];
        }
        RankList sym = Density.symmetrise(Packed.list(g.ownList[o]), revRanks, revSims, count);
        progress.add(1);
        return RowFactory.create(ids[rank], g.ownLabelled[o], g.ownCluster[o], g.ownRho[o],
            sym.toNeighbours(ids).ids(), sym.similarities(), rank, sym.ranks(), clusterRho[g.ownCluster[o]]);
      }
    };
  }

  /** One partition's own rows and reverse edges in primitive arrays, each with its order by target. */
  private static final class Gathered {
    int owns;
    int[] ownRank = new int[1024];
    boolean[] ownLabelled = new boolean[1024];
    int[] ownCluster = new int[1024];
    double[] ownRho = new double[1024];
    byte[][] ownList = new byte[1024][];
    int revs;
    int[] revTarget = new int[4096];
    int[] revSrc = new int[4096];
    float[] revSim = new float[4096];
    /** (rank, position) of the own rows and (target, position) of the edges, sorted. */
    long[] ownOrder;
    long[] revOrder;

    static Gathered of(Iterator<Row> in) {
      Gathered g = new Gathered();
      while (in.hasNext()) {
        Row r = in.next();
        if (r.getInt(1) == 0) g.addOwn(r);
        else g.addEdge(r.getInt(0), r.getInt(6), r.getFloat(7));
      }
      g.ownOrder = new long[g.owns];
      for (int i = 0; i < g.owns; i++) g.ownOrder[i] = ((long) g.ownRank[i] << 32) | i;
      Arrays.sort(g.ownOrder);
      g.revOrder = new long[g.revs];
      for (int i = 0; i < g.revs; i++) g.revOrder[i] = ((long) g.revTarget[i] << 32) | i;
      Arrays.sort(g.revOrder);
      return g;
    }

    private void addOwn(Row r) {
      if (owns == ownRank.length) {
        int n = 2 * owns;
        ownRank = Arrays.copyOf(ownRank, n);
        ownLabelled = Arrays.copyOf(ownLabelled, n);
        ownCluster = Arrays.copyOf(ownCluster, n);
        ownRho = Arrays.copyOf(ownRho, n);
        ownList = Arrays.copyOf(ownList, n);
      }
      ownRank[owns] = r.getInt(0);
      ownLabelled[owns] = r.getBoolean(2);
      ownCluster[owns] = r.getInt(3);
      ownRho[owns] = r.getDouble(4);
      ownList[owns++] = (byte[]) r.get(5);
    }

    private void addEdge(int target, int src, float sim) {
      if (revs == revTarget.length) {
        int n = 2 * revs;
        revTarget = Arrays.copyOf(revTarget, n);
        revSrc = Arrays.copyOf(revSrc, n);
        revSim = Arrays.copyOf(revSim, n);
      }
      revTarget[revs] = target;
      revSrc[revs] = src;
      revSim[revs++] = sim;
    }
  }
}
