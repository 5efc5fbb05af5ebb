package org.ascmr.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Split;
import org.ascmr.eval.MeanAveragePrecision;
import org.ascmr.eval.RetrievalMap;
import org.ascmr.jobs.io.PoolTable;

/**
 * Scores any {@link PairEmbedder} on pool splits with mAP@all (method.md §3): the split's rows are
 * embedded on the executors, the vectors collected to the driver in id order, and
 * {@link MeanAveragePrecision} ranks every query against the whole split in blocks.
 */
public final class RetrievalEvaluation {
  private RetrievalEvaluation() {}

  public static List<SplitResult> run(PoolTable pool, PairEmbedder embedder, List<Split> splits) {
    List<SplitResult> out = new ArrayList<>();
    Dataset<Row> wanted = pool.rows().where(col(PoolColumns.SPLIT).isin(splits.stream().map(Split::id).toArray()));
    Dataset<Row> embedded = embedder.embed(wanted).cache();
    try {
      for (Split s : splits) {
        SplitArrays a = SplitArrays.collect(embedded.where(col(PoolColumns.SPLIT).equalTo(lit(s.id()))),
            EmbeddingColumns.FV, EmbeddingColumns.FT, pool.path());
        RetrievalMap map = new MeanAveragePrecision().evaluate(a.image(), a.text(), a.labels());
        out.add(new SplitResult(s.id(), a.size(), map));
      }
    } finally {
      embedded.unpersist();
    }
    return out;
  }
}
