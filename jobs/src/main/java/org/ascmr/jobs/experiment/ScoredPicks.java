package org.ascmr.jobs.experiment;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Top-b by a per-row score, computed on the executors: only the b winners reach the driver
 * (Spark's take-ordered). Ties go to the smaller id, so the pick is deterministic.
 */
public final class ScoredPicks {
  private static final String ID = "id";
  private static final String SCORE = "score";
  private static final StructType SCHEMA = new StructType()
      .add(ID, DataTypes.StringType, false)
      .add(SCORE, DataTypes.DoubleType, false);

  /** A per-row score; higher is picked first. */
  @FunctionalInterface
  public interface RowScore extends Serializable {
    double score(Row row);
  }

  private ScoredPicks() {}

  /** The {@code budget} rows of {@code rows} (with an "id" column) that score highest. */
  public static Selection top(Dataset<Row> rows, RowScore score, int budget) {
    Dataset<Row> scored = rows.map((MapFunction<Row, Row>) r -> RowFactory.create(r.getString(r.fieldIndex(ID)),
        score.score(r)), Encoders.row(SCHEMA));
    List<Row> top = scored.orderBy(col(SCORE).desc(), col(ID).asc()).limit(budget).collectAsList();
    List<String> ids = new ArrayList<>(top.size());
    double[] scores = new double[top.size()];
    for (int i = 0; i < top.size(); i++) {
      ids.add(top.get(i).getString(0));
      scores[i] = top.get(i).getDouble(1);
    }
    return new Selection(ids, scores);
  }
}
