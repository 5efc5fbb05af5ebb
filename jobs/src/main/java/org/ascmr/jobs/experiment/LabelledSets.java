package org.ascmr.jobs.experiment;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.Split;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;

/**
 * The simulated oracle: reveals the ground-truth labels of chosen train pairs and writes labelled
 * sets (LABELLED_SET tables, id-sorted) that the training stage takes as --labelled.
 */
final class LabelledSets {
  private static final String WANTED = "wanted_id";
  private LabelledSets() {}

  /** Ground truth of the train pairs in {@code ids}, as labelled-set rows. */
  static Dataset<Row> reveal(SparkSession spark, PoolTable pool, List<String> ids) {
    Dataset<Row> wanted = spark.createDataset(ids, Encoders.STRING()).toDF(WANTED);
    Dataset<Row> train = pool.split(Split.TRAIN);
    return train.join(wanted, train.col(PoolColumns.ID).equalTo(col(WANTED)), "left_semi")
        .select(col(PoolColumns.ID).as(LabelledColumns.ID), col(PoolColumns.LABELS).as(LabelledColumns.LABELS));
  }

  /** Writes {@code rows} as the labelled set {@code out}, unless a complete one is there already. */
  static void write(SparkSession spark, PoolTable pool, Dataset<Row> rows, String out, String stage, long seed,
      Map<String, String> recipe) {
    if (Tables.store(spark).exists(out + "/" + Metadata.FILE_NAME)) return;
    Metadata md = Metadata.create(ArtifactKind.LABELLED_SET, stage, seed, 0, recipe,
        List.of(new InputRef("pool", pool.path(), pool.metadata().rows(), pool.metadata().fingerprint())),
        pool.labelledDetails());
    Tables.write(spark, rows.orderBy(col(LabelledColumns.ID)).coalesce(1), out, md);
  }

  static Dataset<Row> read(SparkSession spark, String path) {
    return Tables.read(spark, path, ArtifactKind.LABELLED_SET).rows();
  }
}
