package org.ascmr.jobs.density;

import org.ascmr.jobs.io.RowArrays;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ascmr.density.Density;
import org.ascmr.density.Neighbours;
import org.ascmr.density.TopK;

/**
 * Merges each query's per-block candidate lists ({@link KnnSchemas#PARTIAL}, sorted by id) into
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
        String id = first.getString(0);
        TopK top = new TopK(k);
        Row r = first;
        while (true) {
          String[] ids = RowArrays.strings(r, 3);
          float[] sims = RowArrays.floats(r, 4);
          for (int i = 0; i < ids.length; i++) top.offer(ids[i], sims[i]);
          if (!in.hasNext()) {
            pending = null;
            break;
          }
          r = in.next();
          if (!r.getString(0).equals(id)) {
            pending = r;
            break;
          }
        }
        Neighbours n = top.result();
        return RowFactory.create(id, first.getBoolean(1), first.getInt(2), Density.rho(n.similarities(), k), n.ids(),
            n.similarities());
      }
    };
  }
}
