package org.ascmr.jobs.density;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ascmr.density.RankList;
import org.ascmr.density.RankTopK;
import org.ascmr.density.TileSearch;
import org.ascmr.model.Nd4jThreads;

/**
 * The exact search inside one partition of routed rows ({@link KnnSchemas#ROUTED}), sorted by
 * (block, role). A block's role-0 rows come first: they are its data, and each is also a query
 * of its own block; once they are in, they become a {@link TileSearch} block, and the queries of
 * the block (role 0, then the role-1 rows routed from other clusters) are searched there in tiles
 * of {@link TileSearch#QUERY_TILE}, each query excluding itself (same rank). Rows are kept in growing
 * primitive buffers, not per-row objects. Emits one {@link KnnSchemas#PARTIAL} row per (query,
 * block), a tile at a time, holding one block in memory.
 */
final class BlockSearch implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final int k;

  BlockSearch(int k) {
    this.k = k;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> in) {
    Nd4jThreads.limit(1); // Spark already runs one task per core
    return new Iterator<>() {
      private final PartitionProgress progress = new PartitionProgress("density: block search, queries");
      private final Rows data = new Rows();
      private final Rows queries = new Rows();
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private int currentBlock = -1;
      private TileSearch block;
      private Row lookahead;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && fill()) {
          // fill until a tile's rows are ready or the input ends
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.poll();
      }

      /** Reads one block's data or up to one tile of its queries; false once the input is done. */
      private boolean fill() {
        Row r = lookahead != null ? lookahead : (in.hasNext() ? in.next() : null);
        lookahead = null;
        if (r == null) {
          finishBlock();
          if (!ready.isEmpty()) return true;
          progress.done();
          return false;
        }
        int b = r.getInt(0);
        if (b != currentBlock) {
          finishBlock();
          currentBlock = b;
          block = null;
          data.clear();
          lookahead = r;
          return true;
        }
        if (r.getInt(1) == 0) {
          data.add(r);
          return true;
        }
        if (block == null) closeData();
        queries.add(r);
        if (queries.size == TileSearch.QUERY_TILE) searchQueries();
        return true;
      }

      /** The block's data is complete: build it and answer its own rows as queries. */
      private void closeData() {
        if (data.size == 0) return; // a probed cluster without rows: its queries get empty lists
        block = TileSearch.of(data.ranks, data.vectors, data.size, data.dim);
        emit(data);
      }

      /** The block ends: answer what is still pending. */
      private void finishBlock() {
        if (block == null) closeData();
        searchQueries();
      }

      private void searchQueries() {
        emit(queries);
        queries.clear();
      }

      private void emit(Rows q) {
        if (q.size == 0) return;
        RankTopK[] tops = new RankTopK[q.size];
        for (int i = 0; i < q.size; i++) tops[i] = new RankTopK(k);
        if (block != null) block.search(q.vectors, q.ranks, 0, q.size, tops);
        for (int i = 0; i < q.size; i++) {
          RankList found = tops[i].result();
          ready.add(RowFactory.create(q.ranks[i], q.labelled[i], q.clusters[i], Packed.list(found)));
        }
        progress.add(q.size);
      }
    };
  }

  /** Routed rows in growing primitive buffers: ranks, labelled flags, clusters, vectors row after row. */
  private static final class Rows {
    int[] ranks = new int[64];
    boolean[] labelled = new boolean[64];
    int[] clusters = new int[64];
    float[] vectors = new float[0];
    int size;
    int dim = -1;

    void add(Row r) {
      byte[] x = (byte[]) r.get(5);
      if (dim < 0) dim = Packed.length(x);
      if (size == ranks.length) {
        ranks = Arrays.copyOf(ranks, size * 2);
        labelled = Arrays.copyOf(labelled, size * 2);
        clusters = Arrays.copyOf(clusters, size * 2);
      }
      if ((size + 1) * dim > vectors.length) vectors = Arrays.copyOf(vectors, Math.max(64 * dim, 2 * vectors.length));
      ranks[size] = r.getInt(2);
      labelled[size] = r.getBoolean(3);
      clusters[size] = r.getInt(4);
      Packed.floatsInto(x, vectors, size * dim);
      size++;
    }

    void clear() {
      size = 0;
    }
  }
}
