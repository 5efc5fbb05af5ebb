package org.ascmr.jobs.density;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ascmr.density.Neighbours;
import org.ascmr.density.TopK;
import org.ascmr.density.VectorBlock;

/**
 * The exact search inside one partition of routed rows ({@link KnnSchemas#ROUTED}), sorted by
 * (block, role): each block's data rows come first and become a {@link VectorBlock}, then every
 * query routed to the block gets its k best candidates there (itself excluded). Emits one
 * {@link KnnSchemas#PARTIAL} row per (query, block), lazily, holding one block in memory.
 */
final class BlockSearch implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final int k;

  BlockSearch(int k) {
    this.k = k;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> in) {
    return new Iterator<>() {
      private final PartitionProgress progress = new PartitionProgress("density: block search, queries");
      private final List<String> ids = new ArrayList<>();
      private final List<float[]> rows = new ArrayList<>();
      private int currentBlock = -1;
      private VectorBlock block;
      private float[] scratch = new float[0];
      private Row next;

      @Override
      public boolean hasNext() {
        if (next == null) next = advance();
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Row r = next;
        next = null;
        return r;
      }

      private Row advance() {
        while (in.hasNext()) {
          Row r = in.next();
          int b = r.getInt(0);
          if (b != currentBlock) {
            currentBlock = b;
            block = null;
            ids.clear();
            rows.clear();
          }
          if (r.getInt(1) == 0) {
            ids.add(r.getString(2));
            rows.add(RowArrays.floats(r, 5));
            continue;
          }
          String id = r.getString(2);
          Neighbours found = Neighbours.EMPTY;
          if (!rows.isEmpty()) {
            if (block == null) {
              block = VectorBlock.of(ids, rows, rows.get(0).length);
              if (scratch.length < block.size()) scratch = new float[block.size()];
            }
            TopK top = new TopK(k);
            block.searchInto(RowArrays.floats(r, 5), id, top, scratch);
            found = top.result();
          }
          progress.add(1);
          return RowFactory.create(id, r.getBoolean(3), r.getInt(4), found.ids(), found.similarities());
        }
        progress.done();
        return null;
      }
    };
  }
}
