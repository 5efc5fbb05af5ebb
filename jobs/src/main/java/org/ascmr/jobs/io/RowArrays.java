package org.ascmr.jobs.io;

import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Array columns of a Row as primitive arrays. Rows read from Parquet or a shuffle hold boxed
 * sequences; rows that one of our functions made and Spark passes on unserialised to the next
 * operator of the same stage still hold the primitive array they were given (read-only here).
 */
public final class RowArrays {
  private RowArrays() {}

  public static float[] floats(Row row, int field) {
    if (row.isNullAt(field)) return null;
    if (row.get(field) instanceof float[] a) return a;
    List<Object> list = row.getList(field);
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = list.get(i);
      out[i] = v == null ? Float.NaN : ((Number) v).floatValue();
    }
    return out;
  }

  /** The float array in the column named {@code name}. */
  public static float[] floats(Row row, String name) {
    return floats(row, row.fieldIndex(name));
  }

  public static String[] strings(Row row, int field) {
    if (row.isNullAt(field)) return new String[0];
    if (row.get(field) instanceof String[] a) return a;
    List<Object> list = row.getList(field);
    String[] out = new String[list.size()];
    for (int i = 0; i < out.length; i++) out[i] = (String) list.get(i);
    return out;
  }

  public static int[] ints(Row row, int field) {
    if (row.get(field) instanceof int[] a) return a;
    List<Object> list = row.getList(field);
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).intValue();
    return out;
  }
}
