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
 * ({@link KnnSchemas#EDGES}, sorted by (target, role) so the own row comes first), and emits
 * the density table rows ({@link KnnSchemas#OUTPUT}) with the ranks turned back into ids, in
 * rank order (which is id order). Reverse edges are gathered in primitive buffers reused across
 * nodes.
 */
final class SymmetriseLists implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final Broadcast<IdRanks> ranks;

  SymmetriseLists(Broadcast<IdRanks> ranks) {
    this.ranks = ranks;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> in) {
    String[] ids = ranks.value().ids();
    return new Iterator<>() {
      private final PartitionProgress progress = new PartitionProgress("density: symmetrise, nodes");
      private int[] revRanks = new int[64];
      private float[] revSims = new float[64];
      private Row pending = in.hasNext() ? in.next() : null;

      @Override
      public boolean hasNext() {
        if (pending == null) progress.done();
        return pending != null;
      }

      @Override
      public Row next() {
        if (pending == null) throw new NoSuchElementException();
        Row own = pending;
        int rank = own.getInt(0);
        if (own.getInt(1) != 0) {
          throw new IllegalStateException("density: reverse edge to '" + ids[rank] + "', which has no kNN row");
        }
        int count = 0;
        pending = null;
        while (in.hasNext()) {
          Row r = in.next();
          if (r.getInt(0) != rank) {
            pending = r;
            break;
          }
          if (count == revRanks.length) {
            revRanks = Arrays.copyOf(revRanks, 2 * count);
            revSims = Arrays.copyOf(revSims, 2 * count);
          }
          revRanks[count] = r.getInt(6);
          revSims[count++] = r.getFloat(7);
        }
        RankList sym = Density.symmetrise(Packed.list((byte[]) own.get(5)), revRanks, revSims, count);
        progress.add(1);
        return RowFactory.create(ids[rank], own.getBoolean(2), own.getInt(3), own.getDouble(4),
            sym.toNeighbours(ids).ids(), sym.similarities());
      }
    };
  }
}
