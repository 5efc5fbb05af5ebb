package org.ascmr.jobs.score;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.ascmr.data.ScoreColumns;
import org.ascmr.data.SeededSplit;
import org.ascmr.jobs.io.InternalRows;
import org.ascmr.pmie.PairScores;
import org.ascmr.pmie.PmieEnsemble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the (id, xv, xt) rows of one partition with the broadcast estimator (or ensemble): rows are pulled
 * {@code batch} at a time into primitive arrays, scored with batched matrix products, and
 * emitted; a log line per finished partition gives its rows and rows/s. In {@link Mode#FUSE}
 * (labelled pairs) only the fused Gaussian and unit vector are computed.
 *
 * <p>Reads and writes Spark's internal rows ({@link #scoreAll}, {@link InternalRows}): the boxed
 * floats of Rows cost about as much as the scoring once the products were vectorised, and Rows on
 * the way out copied each output vector three times.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PartitionScorer.class);

  enum Mode { SCORE, FUSE }

  /** Unlabelled rows before rank normalisation. */
  static final StructType SCORED = new StructType(new StructField[] {
      DataTypes.createStructField(ScoreColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(ScoreColumns.U_INTER, DataTypes.DoubleType, false),
      DataTypes.createStructField(ScoreColumns.U_V, DataTypes.DoubleType, false),
      DataTypes.createStructField(ScoreColumns.U_T, DataTypes.DoubleType, false),
      vector(ScoreColumns.MU), vector(ScoreColumns.SIGMA), vector(ScoreColumns.U)});

  /** Labelled rows: the fused vectors only. */
  static final StructType FUSED = new StructType(new StructField[] {
      DataTypes.createStructField(ScoreColumns.ID, DataTypes.StringType, false),
      vector(ScoreColumns.MU), vector(ScoreColumns.SIGMA), vector(ScoreColumns.U)});

  private final Broadcast<PmieEnsemble> scorer;
  private final Mode mode;
  private final int batch;
  private final String source;
  private final String imageField;
  private final String textField;
  private final int imageDim;
  private final int textDim;
  private final boolean imageDoubles;
  private final boolean textDoubles;

  PartitionScorer(Broadcast<PmieEnsemble> scorer, Mode mode, int batch, FeatureSource features) {
    this.scorer = scorer;
    this.mode = mode;
    this.batch = batch;
    this.source = features.path();
    this.imageField = features.imageField();
    this.textField = features.textField();
    this.imageDim = features.imageDim();
    this.textDim = features.textDim();
    StructType in = features.rows().schema();
    this.imageDoubles = InternalRows.doubleElements(in, in.fieldIndex(FeatureSource.XV), source);
    this.textDoubles = InternalRows.doubleElements(in, in.fieldIndex(FeatureSource.XT), source);
  }

  /** This mode's output for {@code rows} (id, xv, xt, typed like the feature source's rows), as a Dataset. */
  Dataset<Row> scoreAll(Dataset<Row> rows) {
    return InternalRows.mapPartitionsToInternal(rows, this, mode == Mode.SCORE ? SCORED : FUSED);
  }

  static StructField vector(String name) {
    return DataTypes.createStructField(name, DataTypes.createArrayType(DataTypes.FloatType, false), false);
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    return new Iterator<>() {
      private final PmieEnsemble model = scorer.value();
      private final PmieEnsemble.Workspace ws = model.workspace(batch);
      private final PairScores out = new PairScores(batch, model.dims().embedDim());
      private final float[] xv = new float[batch * imageDim];
      private final float[] xt = new float[batch * textDim];
      private final long[] idHash = new long[batch];
      private final UTF8String[] ids = new UTF8String[batch];
      private final List<InternalRow> pending = new ArrayList<>(batch);
      private final long start = System.nanoTime();
      private int next;
      private long done;
      private boolean logged;

      @Override
      public boolean hasNext() {
        if (next < pending.size()) return true;
        fill();
        if (next < pending.size()) return true;
        if (!logged) {
          logged = true;
          double seconds = (System.nanoTime() - start) / 1e9;
          LOG.info(String.format("score %s partition %d: %,d pairs in %.1f s (%,.0f pairs/s)",
              mode == Mode.SCORE ? "unlabelled" : "labelled", partition(), done, seconds,
              done / Math.max(seconds, 1e-9)));
        }
        return false;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) throw new NoSuchElementException();
        return pending.get(next++);
      }

      /** Row {@code i} of a batch's E'-wide output array as a cell. */
      private ArrayData cell(float[] values, int i) {
        int e = out.embedDim;
        return InternalRows.floatCell(values, i * e, e);
      }

      private void fill() {
        pending.clear();
        next = 0;
        int n = 0;
        while (n < batch && rows.hasNext()) {
          InternalRow r = rows.next();
          // a copy: the input row's bytes may be reused by the scan
          UTF8String id = r.getUTF8String(0).clone();
          String name = id.toString();
          VectorCells.copy(r, 1, imageDoubles, xv, n * imageDim, imageDim, source, imageField);
          VectorCells.copy(r, 2, textDoubles, xt, n * textDim, textDim, source, textField);
          ids[n] = id;
          idHash[n] = SeededSplit.fnv1a64(name);
          n++;
        }
        if (n == 0) return;
        if (mode == Mode.SCORE) {
          model.score(xv, xt, idHash, n, ws, out);
          for (int i = 0; i < n; i++) {
            pending.add(new GenericInternalRow(new Object[] {ids[i], out.uInter[i], out.uV[i], out.uT[i],
                cell(out.mu, i), cell(out.sigma, i), cell(out.u, i)}));
          }
        } else {
          model.fuseOnly(xv, xt, n, ws, out);
          for (int i = 0; i < n; i++) {
            pending.add(new GenericInternalRow(new Object[] {ids[i], cell(out.mu, i), cell(out.sigma, i),
                cell(out.u, i)}));
          }
        }
        done += n;
      }
    };
  }

  private static int partition() {
    TaskContext tc = TaskContext.get();
    return tc == null ? -1 : tc.partitionId();
  }
}
