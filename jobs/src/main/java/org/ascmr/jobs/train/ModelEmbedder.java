package org.ascmr.jobs.train;

import org.ascmr.jobs.io.InternalRows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.error.BadInputException;
import org.ascmr.io.NativeMemoryGuard;
import org.ascmr.model.Embeddings;
import org.ascmr.model.RetrievalModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a broadcast retrieval model over pool rows, partition by partition, in blocks of
 * {@link RetrievalModel#EMBED_BATCH} rows: the output has the {@link EmbeddingColumns}, plus the
 * pool's labels when asked (evaluation needs them, the embeddings table does not).
 */
final class ModelEmbedder {
  private static final Logger LOG = LoggerFactory.getLogger(ModelEmbedder.class);

  static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(EmbeddingColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(EmbeddingColumns.SPLIT, DataTypes.StringType, false),
      DataTypes.createStructField(EmbeddingColumns.FV, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(EmbeddingColumns.FT, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(EmbeddingColumns.LOGITS_V, DataTypes.createArrayType(DataTypes.FloatType, false),
          false),
      DataTypes.createStructField(EmbeddingColumns.LOGITS_T, DataTypes.createArrayType(DataTypes.FloatType, false),
          false)});

  static final StructType SCHEMA_WITH_LABELS = SCHEMA.add(
      DataTypes.createStructField(PoolColumns.LABELS, DataTypes.createArrayType(DataTypes.FloatType, false), true));

  private ModelEmbedder() {}

  /**
   * Embeds {@code pool} rows (pool schema). {@code modelKey} identifies the broadcast model so
   * executors reuse instances; {@code poolPath} names the table in errors.
   */
  static Dataset<Row> embed(Dataset<Row> pool, Broadcast<byte[]> model, String modelKey, String poolPath,
      boolean withLabels) {
    StructType schema = withLabels ? SCHEMA_WITH_LABELS : SCHEMA;
    Dataset<Row> in = pool.select(PoolColumns.ID, PoolColumns.SPLIT, PoolColumns.IMAGE, PoolColumns.TEXT,
        PoolColumns.LABELS);
    // Spark's internal rows (InternalRows): a Row would box every float of the 2 x 512 or more per row
    boolean[] doubles = new boolean[in.schema().size()];
    for (int c = 2; c < doubles.length; c++) doubles[c] = InternalRows.doubleElements(in.schema(), c, poolPath);
    FlatMapFunction<Iterator<InternalRow>, Row> f =
        rows -> new Batches(rows, doubles, model, modelKey, poolPath, withLabels);
    return InternalRows.mapPartitions(in, f, schema);
  }

  /** Lazily embeds one partition block by block, so memory stays O(block). */
  private static final class Batches implements Iterator<Row> {
    private final Iterator<InternalRow> rows;
    /** Per input column: an array of doubles (else of floats). */
    private final boolean[] doubles;
    private final Broadcast<byte[]> model;
    private final String key;
    private final String poolPath;
    private final boolean withLabels;
    private final List<Row> ready = new ArrayList<>();
    private int next;
    private long done;
    private final long start = System.nanoTime();

    Batches(Iterator<InternalRow> rows, boolean[] doubles, Broadcast<byte[]> model, String key, String poolPath,
        boolean withLabels) {
      this.rows = rows;
      this.doubles = doubles;
      this.model = model;
      this.key = key;
      this.poolPath = poolPath;
      this.withLabels = withLabels;
    }

    @Override
    public boolean hasNext() {
      if (next < ready.size()) return true;
      if (!rows.hasNext()) {
        if (done > 0) {
          double s = (System.nanoTime() - start) / 1e9;
          LOG.info(String.format("embedded %d rows in %.1f s (%.0f rows/s)", done, s, done / Math.max(s, 1e-9)));
        }
        return false;
      }
      fill();
      return next < ready.size();
    }

    @Override
    public Row next() {
      if (!hasNext()) throw new NoSuchElementException();
      return ready.get(next++);
    }

    private void fill() {
      ready.clear();
      next = 0;
      List<String> ids = new ArrayList<>();
      List<String> splits = new ArrayList<>();
      List<float[]> images = new ArrayList<>();
      List<float[]> texts = new ArrayList<>();
      List<float[]> labels = new ArrayList<>();
      while (rows.hasNext() && ids.size() < RetrievalModel.EMBED_BATCH) {
        InternalRow r = rows.next();
        ids.add(r.getUTF8String(0).toString());
        splits.add(r.isNullAt(1) ? null : r.getUTF8String(1).toString());
        images.add(InternalRows.floats(r, 2, doubles[2]));
        texts.add(InternalRows.floats(r, 3, doubles[3]));
        labels.add(InternalRows.floats(r, 4, doubles[4]));
      }
      RetrievalModel m = ExecutorModels.borrow(key, () -> RetrievalModel.fromBytes(model.value(), "broadcast model"));
      Embeddings e;
      try {
        check(m, ids, images, texts);
        NativeMemoryGuard.check();
        e = m.embed(images.toArray(float[][]::new), texts.toArray(float[][]::new));
      } finally {
        ExecutorModels.giveBack(key, m);
      }
      for (int i = 0; i < ids.size(); i++) {
        ready.add(withLabels
            ? RowFactory.create(ids.get(i), splits.get(i), e.fv()[i], e.ft()[i], e.logitsV()[i], e.logitsT()[i],
                labels.get(i))
            : RowFactory.create(ids.get(i), splits.get(i), e.fv()[i], e.ft()[i], e.logitsV()[i], e.logitsT()[i]));
      }
      done += ids.size();
    }

    private void check(RetrievalModel m, List<String> ids, List<float[]> images, List<float[]> texts) {
      for (int i = 0; i < ids.size(); i++) {
        if (images.get(i) == null || images.get(i).length != m.spec().imageDim()) {
          throw new BadInputException(poolPath, "id " + ids.get(i), PoolColumns.IMAGE, "expected "
              + m.spec().imageDim() + " values (the model's image size), found "
              + (images.get(i) == null ? "null" : images.get(i).length));
        }
        if (texts.get(i) == null || texts.get(i).length != m.spec().textDim()) {
          throw new BadInputException(poolPath, "id " + ids.get(i), PoolColumns.TEXT, "expected "
              + m.spec().textDim() + " values (the model's text size), found "
              + (texts.get(i) == null ? "null" : texts.get(i).length));
        }
      }
    }
  }
}
