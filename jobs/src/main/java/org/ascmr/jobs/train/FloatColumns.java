package org.ascmr.jobs.train;

import java.util.List;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

/** array&lt;float&gt; columns come back boxed: read them once per row into primitive arrays. */
final class FloatColumns {
  private FloatColumns() {}

  /** The float array in {@code field} of {@code row}, or null when the value is null. */
  static float[] read(Row row, int field) {
    if (row.isNullAt(field)) return null;
    Object v = row.get(field);
    if (v instanceof float[] f) return f.clone();
    if (v instanceof Seq<?> s) {
      float[] out = new float[s.length()];
      for (int i = 0; i < out.length; i++) out[i] = ((Number) s.apply(i)).floatValue();
      return out;
    }
    List<Object> list = row.getList(field);
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).floatValue();
    return out;
  }
}
