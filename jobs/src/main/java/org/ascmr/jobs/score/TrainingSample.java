package org.ascmr.jobs.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ascmr.error.StateException;
import org.ascmr.pmie.PmieTrainer;

/**
 * The estimator's training pairs: at most {@code score.sampleCap} train-split pairs of U and L,
 * those with the smallest seeded hash of their id (ties by id), in that order, so the sample is
 * the same whatever the partitioning. Two passes, so that no step moves more than the sample:
 * first the keys alone (Spark keeps the top keys per partition and merges them) give the last
 * key taken; then the rows up to it are filtered where they lie and come to the driver one
 * partition at a time, as primitive arrays (about cap x (dv + dt) x 4 bytes: 1.6 GB at the
 * default cap and 1,024-d embeddings, more than Spark's default 1 GB of results per job). A
 * single sort-and-limit over the rows shuffled the whole table (4 GB at 1M pairs) and ran the
 * driver out of an 8 GB heap.
 */
final class TrainingSample {
  private static final String KEY = "_sample_key";

  private TrainingSample() {}

  static PmieTrainer.Pairs collect(FeatureSource features, long seed, int cap) {
    String source = features.path();
    String imageField = features.imageField();
    String textField = features.textField();
    int dv = features.imageDim();
    int dt = features.textDim();
    Dataset<Row> keyed = features.rows().withColumn(KEY, xxhash64(lit(seed), col(FeatureSource.ID)));
    List<Row> keys = keyed.select(col(KEY), col(FeatureSource.ID)).orderBy(col(KEY), col(FeatureSource.ID))
        .limit(cap).collectAsList();
    if (keys.isEmpty()) return new PmieTrainer.Pairs(new String[0], new float[0][], new float[0][]);
    Row last = keys.get(keys.size() - 1);
    long lastKey = last.getLong(0);
    String lastId = last.getString(1);
    Dataset<Row> taken = keyed.where(col(KEY).lt(lastKey)
        .or(col(KEY).equalTo(lastKey).and(col(FeatureSource.ID).leq(lastId))));
    Map<String, Integer> order = new HashMap<>(keys.size() * 2);
    for (int i = 0; i < keys.size(); i++) order.put(keys.get(i).getString(1), i);
    String[] ids = new String[keys.size()];
    float[][] xv = new float[keys.size()][];
    float[][] xt = new float[keys.size()][];
    Iterator<Object[]> rows = taken.select(FeatureSource.ID, FeatureSource.XV, FeatureSource.XT).javaRDD()
        .map(r -> new Object[] {r.getString(0), VectorCells.floats(r, 1, dv, source, imageField),
            VectorCells.floats(r, 2, dt, source, textField)})
        .toLocalIterator();
    int seen = 0;
    while (rows.hasNext()) {
      Object[] r = rows.next();
      Integer at = order.get((String) r[0]);
      if (at == null || ids[at] != null) {
        throw new StateException(source, "the training sample's second pass met id " + r[0] + " "
            + (at == null ? "outside the sample" : "twice") + "; are the ids unique?");
      }
      ids[at] = (String) r[0];
      xv[at] = (float[]) r[1];
      xt[at] = (float[]) r[2];
      seen++;
    }
    if (seen != ids.length) {
      throw new StateException(source, "the training sample's second pass found " + seen + " of its " + ids.length
          + " rows; did the table change while it was read?");
    }
    return new PmieTrainer.Pairs(ids, xv, xt);
  }
}
