package org.ascmr.jobs.allocate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.allocate.Pick;
import org.ascmr.data.SelectionColumns;
import org.ascmr.io.Json;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.Tables;

/**
 * The selection artefact ({@link SelectionColumns}): the picks as Parquet under {@code data/},
 * and the same rows for annotators as {@code selection.csv} (header, RFC 4180 quoting, empty
 * field for a missing rho) and {@code selection.jsonl} (one object per line, null for a missing
 * rho), all inside the one atomically written directory.
 */
public final class SelectionTable {
  public static final String CSV = "selection.csv";
  public static final String JSONL = "selection.jsonl";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(SelectionColumns.ROUND, DataTypes.IntegerType, false),
      DataTypes.createStructField(SelectionColumns.RANK, DataTypes.IntegerType, false),
      DataTypes.createStructField(SelectionColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(SelectionColumns.INFORMATIVENESS, DataTypes.DoubleType, false),
      DataTypes.createStructField(SelectionColumns.RHO, DataTypes.DoubleType, false),
      DataTypes.createStructField(SelectionColumns.GAIN, DataTypes.DoubleType, false),
      DataTypes.createStructField(SelectionColumns.CLUSTER, DataTypes.IntegerType, false)});

  private SelectionTable() {}

  public static List<Row> rows(int round, List<Pick> picks) {
    List<Row> out = new ArrayList<>(picks.size());
    for (int r = 0; r < picks.size(); r++) {
      Pick p = picks.get(r);
      out.add(RowFactory.create(round, r, p.id(), p.informativeness(), p.rho(), p.gain(), p.cluster()));
    }
    return out;
  }

  /** Writes the artefact at {@code out}; returns the metadata written. */
  public static Metadata write(SparkSession spark, String out, int round, List<Pick> picks, Metadata metadata) {
    List<Row> rows = rows(round, picks);
    ArtifactStore store = Tables.store(spark);
    Metadata md = metadata.withRows(rows.size());
    store.commit(out, dir -> {
      Tables.writeData(spark, spark.createDataFrame(rows, SCHEMA).coalesce(1), dir);
      FileSystem fs = store.fs(dir);
      try (Writer w = writer(fs, new Path(dir, CSV))) {
        w.write(String.join(",", SCHEMA.fieldNames()) + "\n");
        for (Row r : rows) {
          w.write(r.getInt(0) + "," + r.getInt(1) + "," + csv(r.getString(2)) + "," + num(r.getDouble(3)) + ","
              + num(r.getDouble(4)) + "," + num(r.getDouble(5)) + "," + r.getInt(6) + "\n");
        }
      }
      try (Writer w = writer(fs, new Path(dir, JSONL))) {
        for (Row r : rows) {
          Map<String, Object> o = new LinkedHashMap<>();
          for (int i = 0; i < SCHEMA.size(); i++) {
            Object v = r.get(i);
            o.put(SCHEMA.fieldNames()[i], v instanceof Double d && d.isNaN() ? null : v);
          }
          w.write(Json.compact(o) + "\n");
        }
      }
      return md;
    });
    return md;
  }

  private static Writer writer(FileSystem fs, Path p) throws IOException {
    OutputStream os = fs.create(p, false);
    return new OutputStreamWriter(os, StandardCharsets.UTF_8);
  }

  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
