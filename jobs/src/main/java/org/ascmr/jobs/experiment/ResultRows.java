package org.ascmr.jobs.experiment;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ascmr.experiment.RoundResult;

/** The experiment's results as a Parquet table: one row per (strategy, seed, round), as results.csv. */
final class ResultRows {
  static final StructType SCHEMA = new StructType()
      .add("strategy", DataTypes.StringType, false)
      .add("seed", DataTypes.LongType, false)
      .add("round", DataTypes.IntegerType, false)
      .add("labelled", DataTypes.LongType, false)
      .add("pool_size", DataTypes.LongType, false)
      .add("fraction", DataTypes.DoubleType, false)
      .add("test_i2t", DataTypes.DoubleType, false)
      .add("test_t2i", DataTypes.DoubleType, false)
      .add("test_mean", DataTypes.DoubleType, false)
      .add("val_mean", DataTypes.DoubleType, true)
      .add("mean_informativeness", DataTypes.DoubleType, true)
      .add("mean_pairwise_similarity", DataTypes.DoubleType, true)
      .add("label_coverage", DataTypes.DoubleType, true)
      .add("stage_seconds", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false);

  private ResultRows() {}

  static Row toRow(RoundResult r) {
    return RowFactory.create(r.strategy(), r.seed(), r.round(), r.labelled(), r.poolSize(), r.fraction(), r.testI2t(),
        r.testT2i(), r.testMean(), r.valMean(), r.meanInformativeness(), r.meanPairwiseSimilarity(), r.labelCoverage(),
        scala.collection.JavaConverters.mapAsScalaMap(r.stageSeconds()));
  }
}
