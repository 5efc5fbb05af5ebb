package org.ascmr.jobs.score;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.ascmr.error.BadInputException;
import org.ascmr.jobs.io.InternalRows;

/**
 * Reads array&lt;float&gt; (or array&lt;double&gt;) cells into primitive arrays, checking the
 * length and that every value is finite; errors name the table, the row's id and the field.
 * From Rows (boxed lists) or from Spark's internal rows (primitive arrays, no boxing: the
 * scorer's input path, {@link InternalRows}).
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

  /**
   * Cell {@code field} of an internal row (id: a string in field 0) into {@code dst[offset, offset + dim)},
   * with the same checks and messages as {@link #copy(Row, int, float[], int, int, String, String)}.
   */
  static void copy(InternalRow r, int field, boolean doubles, float[] dst, int offset, int dim, String source,
      String name) {
    if (r.isNullAt(field)) throw new BadInputException(source, "id " + id(r), name, "no vector for this pool id");
    ArrayData v = r.getArray(field);
    if (v.numElements() != dim) {
      throw new BadInputException(source, "id " + id(r), name, "expected " + dim + " values, found " + v.numElements());
    }
    if (!doubles && v instanceof UnsafeArrayData u && bulkCopy(u, dst, offset, dim)) return;
    for (int j = 0; j < dim; j++) {
      float f = InternalRows.element(v, j, doubles);
      if (!Float.isFinite(f)) {
        throw new BadInputException(source, "id " + id(r), name + "[" + j + "]", "expected a finite number, found "
            + (v.isNullAt(j) ? "null" : f));
      }
      dst[offset + j] = f;
    }
  }

  /**
   * The float values of {@code u} copied in one block when none is null or non-finite (false, and
   * the caller's element loop finds and names the bad one, otherwise): reading element by element,
   * with a null test each, was a tenth of a scoring task's time.
   */
  private static boolean bulkCopy(UnsafeArrayData u, float[] dst, int offset, int dim) {
    // the null bits: one per element in 64-bit words after the 8-byte length
    long words = (dim + 63) / 64;
    for (long w = 0; w < words; w++) {
      if (Platform.getLong(u.getBaseObject(), u.getBaseOffset() + 8 + 8 * w) != 0) return false;
    }
    Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(dim), dst,
        Platform.FLOAT_ARRAY_OFFSET + 4L * offset, 4L * dim);
    boolean finite = true;
    for (int j = offset; j < offset + dim; j++) finite &= Float.isFinite(dst[j]);
    return finite;
  }

  private static String id(InternalRow r) {
    return r.getUTF8String(0).toString();
  }
}
