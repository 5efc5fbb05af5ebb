package org.ascmr.jobs.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.List;
import org.ascmr.pmie.PmieTrainer;

/**
 * The estimator's training pairs: at most {@code score.sampleCap} train-split pairs of U and L,
 * those with the smallest seeded hash of their id (ties by id), so the sample is the same
 * whatever the partitioning. Spark keeps the top rows per partition and merges them; only the
 * sample reaches the driver, as primitive arrays (about cap x (dv + dt) x 4 bytes).
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
    List<Object[]> rows = features.rows()
        .withColumn(KEY, xxhash64(lit(seed), col(FeatureSource.ID)))
        .orderBy(col(KEY), col(FeatureSource.ID))
        .limit(cap)
        .select(FeatureSource.ID, FeatureSource.XV, FeatureSource.XT)
        .javaRDD()
        .map(r -> new Object[] {r.getString(0), VectorCells.floats(r, 1, dv, source, imageField),
            VectorCells.floats(r, 2, dt, source, textField)})
        .collect();
    String[] ids = new String[rows.size()];
    float[][] xv = new float[rows.size()][];
    float[][] xt = new float[rows.size()][];
    for (int i = 0; i < ids.length; i++) {
      Object[] r = rows.get(i);
      ids[i] = (String) r[0];
      xv[i] = (float[]) r[1];
      xt[i] = (float[]) r[2];
    }
    return new PmieTrainer.Pairs(ids, xv, xt);
  }
}
