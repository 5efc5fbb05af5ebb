package org.ascmr.jobs.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ascmr.data.PoolColumns;
import org.ascmr.error.BadInputException;
import org.ascmr.jobs.io.RowArrays;

/**
 * One split's rows collected to the driver as arrays, sorted by id: mAP breaks similarity ties by
 * position, so a fixed order makes the result independent of Spark's partitioning. Only for the
 * val and test splits, which are small next to the pool.
 */
public record SplitArrays(List<String> ids, float[][] image, float[][] text, float[][] labels) {

  public int size() {
    return ids.size();
  }

  /**
   * Collects {@code rows} (columns id, labels and the two named vector columns).
   *
   * @param source a path for error messages
   */
  public static SplitArrays collect(Dataset<Row> rows, String imageColumn, String textColumn, String source) {
    List<Row> list = new ArrayList<>(rows.select(PoolColumns.ID, PoolColumns.LABELS, imageColumn, textColumn)
        .collectAsList());
    list.sort(Comparator.comparing(r -> r.getString(0)));
    int n = list.size();
    List<String> ids = new ArrayList<>(n);
    float[][] image = new float[n][];
    float[][] text = new float[n][];
    float[][] labels = new float[n][];
    for (int i = 0; i < n; i++) {
      Row r = list.get(i);
      String id = r.getString(0);
      if (i > 0 && id.equals(ids.get(i - 1))) {
        throw new BadInputException(source, "id " + id, PoolColumns.ID, "duplicate id");
      }
      ids.add(id);
      labels[i] = r.isNullAt(1) ? null : RowArrays.floats(r, 1);
      image[i] = RowArrays.floats(r, 2);
      text[i] = RowArrays.floats(r, 3);
    }
    return new SplitArrays(ids, image, text, labels);
  }
}
