package org.ascmr.jobs.density;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ascmr.density.Density;
import org.ascmr.density.RankList;
import org.ascmr.density.RankTopK;

/**
 * Merges each query's per-block candidate lists ({@link KnnSchemas#PARTIAL}, sorted by rank) into
 * its k nearest neighbours and density rho ({@link KnnSchemas#DIRECTED}). A data row sits in
 * exactly one block and a query probes distinct blocks, so no candidate arrives twice.
 */
final class MergeLists implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final int k;

  MergeLists(int k) {
    this.k = k;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> in) {
    return new Iterator<>() {
      private Row pending = in.hasNext() ? in.next() : null;

      @Override
      public boolean hasNext() {
        return pending != null;
      }

      @Override
      public Row next() {
        if (pending == null) throw new NoSuchElementException();
        Row first = pending;
        int rank = first.getInt(0);
        RankTopK top = new RankTopK(k);
        Row r = first;
        while (true) {
          RankList part = Packed.list((byte[]) r.get(3));
          for (int i = 0; i < part.size(); i++) top.offer(part.ranks()[i], part.similarities()[i]);
          if (!in.hasNext()) {
            pending = null;
            break;
          }
          r = in.next();
          if (r.getInt(0) != rank) {
            pending = r;
            break;
          }
        }
        RankList n = top.result();
        return RowFactory.create(rank, first.getBoolean(1), first.getInt(2), Density.rho(n.similarities(), k),
            Packed.list(n));
      }
    };
  }
}
