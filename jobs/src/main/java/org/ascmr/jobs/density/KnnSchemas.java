package org.ascmr.jobs.density;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.DensityColumns;

/** Row layouts of the density stage's intermediate Datasets (field order is used by index). */
final class KnnSchemas {
  private KnnSchemas() {}

  private static StructField f(String name, org.apache.spark.sql.types.DataType t, boolean nullable) {
    return DataTypes.createStructField(name, t, nullable);
  }

  static final org.apache.spark.sql.types.DataType FLOATS = DataTypes.createArrayType(DataTypes.FloatType, false);
  static final org.apache.spark.sql.types.DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType, false);
  static final org.apache.spark.sql.types.DataType INTS = DataTypes.createArrayType(DataTypes.IntegerType, false);
  /** A {@link Packed} vector or neighbour list. */
  static final org.apache.spark.sql.types.DataType PACKED = DataTypes.BinaryType;

  /** Checked (and maybe projected) search vectors: 0 id, 1 labelled, 2 x. */
  static final StructType PREPARED = new StructType(new StructField[] {
      f("id", DataTypes.StringType, false), f("labelled", DataTypes.BooleanType, false), f("x", FLOATS, false)});

  /** K-means sample: 0 slice, 1 id, 2 x. */
  static final StructType SAMPLE = new StructType(new StructField[] {
      f("slice", DataTypes.IntegerType, false), f("id", DataTypes.StringType, false), f("x", FLOATS, false)});

  /**
   * With the probed clusters, nearest first (element 0 = own cluster): 0 rank (position in id
   * order, {@link IdRanks}), 1 labelled, 2 x packed, 3 probes.
   */
  static final StructType ASSIGNED = new StructType(new StructField[] {
      f("rank", DataTypes.IntegerType, false), f("labelled", DataTypes.BooleanType, false), f("x", PACKED, false),
      f("probes", INTS, false)});

  /** Rows routed to cluster blocks: 0 block, 1 role (0 data, 1 query), 2 rank, 3 labelled, 4 cluster, 5 x packed. */
  static final StructType ROUTED = new StructType(new StructField[] {
      f("block", DataTypes.IntegerType, false), f("role", DataTypes.IntegerType, false),
      f("rank", DataTypes.IntegerType, false), f("labelled", DataTypes.BooleanType, false),
      f("cluster", DataTypes.IntegerType, false), f("x", PACKED, false)});

  /** One query's candidates from one block: 0 rank, 1 labelled, 2 cluster, 3 packed list. */
  static final StructType PARTIAL = new StructType(new StructField[] {
      f("rank", DataTypes.IntegerType, false), f("labelled", DataTypes.BooleanType, false),
      f("cluster", DataTypes.IntegerType, false), f("list", PACKED, false)});

  /** Merged directed kNN lists: 0 rank, 1 labelled, 2 cluster, 3 rho, 4 packed list. */
  static final StructType DIRECTED = new StructType(new StructField[] {
      f("rank", DataTypes.IntegerType, false), f("labelled", DataTypes.BooleanType, false),
      f("cluster", DataTypes.IntegerType, false), f("rho", DataTypes.DoubleType, false),
      f("list", PACKED, false)});

  /**
   * Symmetrisation input: a node's own row (role 0, fields 2-6 set) or a reverse edge (role 1,
   * fields 6-7 set), all by rank: 0 target, 1 role, 2 labelled, 3 cluster, 4 rho, 5 packed list,
   * 6 src, 7 sim.
   */
  static final StructType EDGES = new StructType(new StructField[] {
      f("target", DataTypes.IntegerType, false), f("role", DataTypes.IntegerType, false),
      f("labelled", DataTypes.BooleanType, true), f("cluster", DataTypes.IntegerType, true),
      f("rho", DataTypes.DoubleType, true), f("list", PACKED, true),
      f("src", DataTypes.IntegerType, true), f("sim", DataTypes.FloatType, true)});

  /** The density table ({@link DensityColumns}). */
  static final StructType OUTPUT = new StructType(new StructField[] {
      f(DensityColumns.ID, DataTypes.StringType, false), f(DensityColumns.LABELLED, DataTypes.BooleanType, false),
      f(DensityColumns.CLUSTER, DataTypes.IntegerType, false), f(DensityColumns.RHO, DataTypes.DoubleType, false),
      f(DensityColumns.NEIGHBORS, STRINGS, false), f(DensityColumns.SIMILARITIES, FLOATS, false),
      f(DensityColumns.RANK, DataTypes.IntegerType, false), f(DensityColumns.NEIGHBOR_RANKS, INTS, false),
      f(DensityColumns.CLUSTER_RHO, DataTypes.DoubleType, false)});
}
