package org.ascmr.jobs.score;

import java.util.List;
import org.apache.spark.sql.Row;
import org.ascmr.error.BadInputException;

/**
 * Reads array&lt;float&gt; cells (boxed lists in Spark rows) into primitive arrays, checking the
 * length and that every value is finite; errors name the table, the row's id and the field.
 */
final class VectorCells {
  private VectorCells() {}

  /** Copies cell {@code field} of {@code r} (id in field 0) into {@code dst[offset, offset + dim)}. */
  static void copy(Row r, int field, float[] dst, int offset, int dim, String source, String name) {
    String id = r.getString(0);
    if (r.isNullAt(field)) throw new BadInputException(source, "id " + id, name, "no vector for this pool id");
    List<Object> v = r.getList(field);
    if (v.size() != dim) {
      throw new BadInputException(source, "id " + id, name, "expected " + dim + " values, found " + v.size());
    }
    for (int j = 0; j < dim; j++) {
      Object x = v.get(j);
      float f = x == null ? Float.NaN : ((Number) x).floatValue();
      if (!Float.isFinite(f)) {
        throw new BadInputException(source, "id " + id, name + "[" + j + "]", "expected a finite number, found "
            + (x == null ? "null" : f));
      }
      dst[offset + j] = f;
    }
  }

  /** Cell {@code field} of {@code r} as a new float[dim]. */
  static float[] floats(Row r, int field, int dim, String source, String name) {
    float[] out = new float[dim];
    copy(r, field, out, 0, dim, source, name);
    return out;
  }
}
