package org.ascmr.jobs.density;

import org.ascmr.jobs.io.RowArrays;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ascmr.density.Density;
import org.ascmr.density.Neighbours;

/**
 * Builds each node's symmetrised list from its own row and the reverse edges pointing at it
 * ({@link KnnSchemas#EDGES}, sorted by (target, role) so the own row comes first), and emits
 * the density table rows ({@link KnnSchemas#OUTPUT}).
 */
final class SymmetriseLists implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Row> call(Iterator<Row> in) {
    return new Iterator<>() {
      private final PartitionProgress progress = new PartitionProgress("density: symmetrise, nodes");
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
        String id = own.getString(0);
        if (own.getInt(1) != 0) {
          throw new IllegalStateException("density: reverse edge to '" + id + "', which has no kNN row");
        }
        List<String> revIds = new ArrayList<>();
        List<Float> revSims = new ArrayList<>();
        pending = null;
        while (in.hasNext()) {
          Row r = in.next();
          if (!r.getString(0).equals(id)) {
            pending = r;
            break;
          }
          revIds.add(r.getString(7));
          revSims.add(r.getFloat(8));
        }
        Neighbours sym = Density.symmetrise(new Neighbours(RowArrays.strings(own, 5), RowArrays.floats(own, 6)),
            revIds, revSims);
        progress.add(1);
        return RowFactory.create(id, own.getBoolean(2), own.getInt(3), own.getDouble(4), sym.ids(), sym.similarities());
      }
    };
  }
}
