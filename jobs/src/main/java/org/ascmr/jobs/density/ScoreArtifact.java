package org.ascmr.jobs.density;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.ScoreColumns;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.Tables;

/**
 * The score artefact as the density and allocate stages read it ({@link ScoreColumns}):
 * {@code data/} = unlabelled candidates with informativeness and u, {@code labelled/} = the
 * labelled pairs' u. Checks the kind and the columns it needs, naming the path when absent.
 */
public final class ScoreArtifact {
  /** Columns of {@link #pool()}: every pair of U and L with its unit vector. */
  public static final String ID = "id";
  public static final String LABELLED = "labelled";
  public static final String U = "u";

  private final String path;
  private final Metadata metadata;
  private final Dataset<Row> unlabelled;
  private final Dataset<Row> labelled;

  private ScoreArtifact(String path, Metadata metadata, Dataset<Row> unlabelled, Dataset<Row> labelled) {
    this.path = path;
    this.metadata = metadata;
    this.unlabelled = unlabelled;
    this.labelled = labelled;
  }

  public static ScoreArtifact read(SparkSession spark, String dir) {
    Tables.Table t = Tables.read(spark, dir, ArtifactKind.SCORES);
    String labelledDir = dir + "/" + ScoreColumns.LABELLED_DIR;
    if (!Tables.store(spark).exists(labelledDir)) {
      throw new StateException(dir, "score artefact has no " + ScoreColumns.LABELLED_DIR
          + "/ table (the labelled pairs' vectors); rerun 'ascmr score'");
    }
    Dataset<Row> lab;
    try {
      lab = spark.read().parquet(labelledDir);
    } catch (RuntimeException e) {
      throw new StateException(dir, "cannot read " + ScoreColumns.LABELLED_DIR + "/: " + e.getMessage(), e);
    }
    requireColumns(t.rows(), dir + "/" + ScoreColumns.UNLABELLED_DIR, ScoreColumns.ID, ScoreColumns.INFORMATIVENESS,
        ScoreColumns.U);
    requireColumns(lab, labelledDir, ScoreColumns.ID, ScoreColumns.U);
    return new ScoreArtifact(dir, t.metadata(), t.rows(), lab);
  }

  private static void requireColumns(Dataset<Row> rows, String where, String... names) {
    List<String> have = Arrays.asList(rows.columns());
    for (String n : names) {
      if (!have.contains(n)) {
        throw new BadInputException(where, null, n, "column missing; the table has " + have);
      }
    }
  }

  public String path() {
    return path;
  }

  public Metadata metadata() {
    return metadata;
  }

  /** Unlabelled candidates (id, informativeness, u, ...). */
  public Dataset<Row> unlabelled() {
    return unlabelled;
  }

  public Dataset<Row> labelled() {
    return labelled;
  }

  /** U and L together: (id string, labelled boolean, u array&lt;float&gt;). */
  public Dataset<Row> pool() {
    return unlabelled.select(col(ScoreColumns.ID).as(ID), lit(false).as(LABELLED), col(ScoreColumns.U).as(U))
        .unionByName(labelled.select(col(ScoreColumns.ID).as(ID), lit(true).as(LABELLED), col(ScoreColumns.U).as(U)));
  }
}
