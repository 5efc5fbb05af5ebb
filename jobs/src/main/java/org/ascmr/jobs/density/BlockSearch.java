package org.ascmr.jobs.density;

import org.ascmr.jobs.io.RowArrays;

import java.util.ArrayDeque;
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
 * (block, role). A block's role-0 rows come first: they are its data, and each is also a query
 * of its own block; once they are in, they become a {@link VectorBlock} and every query of the
 * block (role 0, then the role-1 rows routed from other clusters) gets its k best candidates
 * there, itself excluded. Emits one {@link KnnSchemas#PARTIAL} row per (query, block), lazily,
 * holding one block in memory.
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
      private final List<Boolean> labelled = new ArrayList<>();
      private final List<Integer> clusters = new ArrayList<>();
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private int currentBlock = -1;
      private VectorBlock block;
      private float[] scratch = new float[0];
      private Row lookahead;
      private boolean finished;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && !finished) fill();
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.poll();
      }

      /** Reads until at least one output row is ready or the input ends. */
      private void fill() {
        Row r = lookahead != null ? lookahead : (in.hasNext() ? in.next() : null);
        lookahead = null;
        if (r == null) {
          closeDataOfBlock();
          finished = true;
          progress.done();
          return;
        }
        int b = r.getInt(0);
        if (b != currentBlock) {
          closeDataOfBlock(); // may queue the previous block's own queries
          currentBlock = b;
          block = null;
          ids.clear();
          rows.clear();
          labelled.clear();
          clusters.clear();
        }
        if (r.getInt(1) == 0) {
          ids.add(r.getString(2));
          labelled.add(r.getBoolean(3));
          clusters.add(r.getInt(4));
          rows.add(RowArrays.floats(r, 5));
          return;
        }
        closeDataOfBlock();
        ready.add(search(r.getString(2), r.getBoolean(3), r.getInt(4), RowArrays.floats(r, 5)));
      }

      /** The block's data is complete: build it and answer its own rows as queries. */
      private void closeDataOfBlock() {
        if (block != null || rows.isEmpty()) return;
        block = VectorBlock.of(ids, rows, rows.get(0).length);
        if (scratch.length < VectorBlock.paddedSize(block.size())) scratch = block.newScratch();
        for (int i = 0; i < ids.size(); i++) ready.add(search(ids.get(i), labelled.get(i), clusters.get(i), rows.get(i)));
      }

      private Row search(String id, boolean isLabelled, int cluster, float[] x) {
        Neighbours found = Neighbours.EMPTY;
        if (block != null) {
          TopK top = new TopK(k);
          block.searchInto(x, id, top, scratch);
          found = top.result();
        }
        progress.add(1);
        return RowFactory.create(id, isLabelled, cluster, found.ids(), found.similarities());
      }
    };
  }
}
