package org.ascmr.jobs.io;

import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.ascmr.error.BadInputException;

/**
 * Reading a Dataset as Spark's internal rows, whose array columns are primitive arrays: a Dataset's
 * mapPartitions hands Rows whose vectors are lists of boxed values, one object per float, which in
 * the scorer and the embedder cost more than the arithmetic on them.
 */
public final class InternalRows {
  private InternalRows() {}

  /** {@code f} over the internal rows of {@code in}, partition by partition, as a Dataset of {@code schema}. */
  public static Dataset<Row> mapPartitions(Dataset<Row> in, FlatMapFunction<Iterator<InternalRow>, Row> f,
      StructType schema) {
    return in.sparkSession().createDataFrame(rows(in).mapPartitions(f), schema);
  }

  /**
   * {@code f} over the internal rows of {@code in}, producing internal rows of {@code schema}, as a
   * Dataset: no conversion from Rows on the way out (the scorer's three float arrays per row were
   * copied three times by it). Spark copies each row into its own buffer as it scans them, so
   * {@code f} may hand arrays that it does not keep; it must not reuse a row object.
   */
  public static Dataset<Row> mapPartitionsToInternal(Dataset<Row> in,
      FlatMapFunction<Iterator<InternalRow>, InternalRow> f, StructType schema) {
    // internalCreateDataFrame is private[sql] in Scala, public in the bytecode: the one way to a
    // Dataset from internal rows without a round trip through Row (Spark 3.5)
    return in.sparkSession().internalCreateDataFrame(rows(in).mapPartitions(f).rdd(), schema, false);
  }

  /** The internal rows of {@code in}, as its plan produces them. */
  public static JavaRDD<InternalRow> rows(Dataset<Row> in) {
    return in.queryExecution().toRdd().toJavaRDD();
  }

  /** A float array's {@code n} values from {@code offset} as a cell of an internal row (one copy). */
  public static ArrayData floatCell(float[] values, int offset, int n) {
    return UnsafeArrayData.fromPrimitiveArray(values, Platform.FLOAT_ARRAY_OFFSET + 4 * offset, n, 4);
  }

  /**
   * Whether column {@code field} of {@code schema} is an array of doubles (false: of floats);
   * anything else is bad input of {@code source}.
   */
  public static boolean doubleElements(StructType schema, int field, String source) {
    DataType t = schema.fields()[field].dataType();
    DataType e = t instanceof ArrayType a ? a.elementType() : null;
    if (DataTypes.FloatType.equals(e)) return false;
    if (DataTypes.DoubleType.equals(e)) return true;
    throw new BadInputException(source, null, schema.fields()[field].name(),
        "expected an array of float or double, found " + t.simpleString());
  }

  /** Element {@code i} of a float (or, {@code doubles}, double) array as a float; NaN for a null element. */
  public static float element(ArrayData a, int i, boolean doubles) {
    return a.isNullAt(i) ? Float.NaN : doubles ? (float) a.getDouble(i) : a.getFloat(i);
  }

  /** Cell {@code field} as a new float array, null for a null cell, NaN for a null element. */
  public static float[] floats(InternalRow row, int field, boolean doubles) {
    if (row.isNullAt(field)) return null;
    ArrayData a = row.getArray(field);
    float[] out = new float[a.numElements()];
    for (int i = 0; i < out.length; i++) out[i] = element(a, i, doubles);
    return out;
  }
}
