package org.ascmr.jobs.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.ascmr.error.BadInputException;
import org.ascmr.jobs.io.InternalRows;
import org.junit.jupiter.api.Test;

/** The scorer's input path on Spark's internal rows: values copied, bad cells named by table, id and field. */
class VectorCellsTest {

  private static InternalRow row(String id, Object vector) {
    return new GenericInternalRow(new Object[] {UTF8String.fromString(id), vector});
  }

  @Test
  void copiesFloatAndDoubleArrays() {
    float[] dst = new float[5];
    VectorCells.copy(row("a", UnsafeArrayData.fromPrimitiveArray(new float[] {1f, 2f, 3f})), 1, false, dst, 1, 3,
        "pool", "image");
    assertArrayEquals(new float[] {0f, 1f, 2f, 3f, 0f}, dst);
    VectorCells.copy(row("b", UnsafeArrayData.fromPrimitiveArray(new double[] {4.0, 5.0})), 1, true, dst, 3, 2,
        "pool", "image");
    assertArrayEquals(new float[] {0f, 1f, 2f, 4f, 5f}, dst);
  }

  @Test
  void namesTheTableIdAndFieldOfABadCell() {
    float[] dst = new float[3];
    assertProblem(() -> VectorCells.copy(row("p7", null), 1, false, dst, 0, 3, "emb.parquet", "f_v"),
        "p7", "f_v", "no vector");
    assertProblem(() -> VectorCells.copy(row("p8", UnsafeArrayData.fromPrimitiveArray(new float[] {1f, 2f})), 1,
        false, dst, 0, 3, "emb.parquet", "f_v"), "p8", "f_v", "expected 3 values, found 2");
    assertProblem(() -> VectorCells.copy(row("p9", UnsafeArrayData.fromPrimitiveArray(new float[] {1f, Float.NaN,
        2f})), 1, false, dst, 0, 3, "emb.parquet", "f_t"), "p9", "f_t[1]", "finite");
    assertProblem(() -> VectorCells.copy(row("p10", new GenericArrayData(new Object[] {1f, null, 2f})), 1, false,
        dst, 0, 3, "emb.parquet", "f_t"), "p10", "f_t[1]", "null");
  }

  /** Spark's own arrays (the block copy): a null or non-finite value past the first null word is still found and named. */
  @Test
  void findsABadValueInAnUnsafeArrayPastTheFirstNullWord() {
    float[] values = new float[70];
    for (int i = 0; i < values.length; i++) values[i] = i;
    float[] dst = new float[72];
    VectorCells.copy(row("ok", UnsafeArrayData.fromPrimitiveArray(values)), 1, false, dst, 2, 70, "pool", "xv");
    for (int i = 0; i < values.length; i++) assertTrue(dst[2 + i] == i, "value " + i);
    UnsafeArrayData withNull = UnsafeArrayData.fromPrimitiveArray(values);
    withNull.setNullAt(66);
    assertProblem(() -> VectorCells.copy(row("q1", withNull), 1, false, dst, 0, 70, "pool", "xv"), "q1", "xv[66]",
        "null");
    values[69] = Float.POSITIVE_INFINITY;
    assertProblem(() -> VectorCells.copy(row("q2", UnsafeArrayData.fromPrimitiveArray(values)), 1, false, dst, 0, 70,
        "pool", "xv"), "q2", "xv[69]", "finite");
  }

  @Test
  void elementTypeFromTheSchema() {
    StructType s = new StructType().add("xv", DataTypes.createArrayType(DataTypes.FloatType))
        .add("xt", DataTypes.createArrayType(DataTypes.DoubleType)).add("n", DataTypes.IntegerType);
    assertTrue(!InternalRows.doubleElements(s, 0, "t") && InternalRows.doubleElements(s, 1, "t"));
    assertProblem(() -> InternalRows.doubleElements(s, 2, "t"), "t", "n", "array of float or double");
  }

  private static void assertProblem(Runnable r, String where, String field, String problem) {
    BadInputException e = assertThrows(BadInputException.class, r::run);
    String m = e.getMessage();
    assertTrue(m.contains(where) && m.contains(field) && m.contains(problem), m);
  }
}
