package org.ascmr.jobs.extract;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.ascmr.data.PairsBundle;
import org.ascmr.error.BadInputException;
import org.ascmr.features.ImageDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Executor side of extract: turns (line text, 0-based line index) into one row per non-blank
 * line: the parsed pair with its image descriptor, or the line number with the field and reason
 * it was rejected. Images are read through the Hadoop FileSystem API, so bundles on HDFS or S3
 * work like local ones; image paths are relative to the bundle directory.
 */
final class PairDecoder implements FlatMapFunction<Iterator<Tuple2<String, Long>>, Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PairDecoder.class);
  private static final long LOG_EVERY_NANOS = 30_000_000_000L;

  static final String LINE = "line";
  static final String ID = "id";
  static final String SPLIT = "split";
  static final String IMAGE = "image";
  static final String TEXT = "text";
  static final String LABELS = "labels";
  static final String FIELD = "field";
  static final String REASON = "reason";

  /** Decoded rows; {@code reason} non-null marks a rejected line (then only line/id/field are set). */
  static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(LINE, DataTypes.LongType, false),
      DataTypes.createStructField(ID, DataTypes.StringType, true),
      DataTypes.createStructField(SPLIT, DataTypes.StringType, true),
      DataTypes.createStructField(IMAGE, DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(TEXT, DataTypes.StringType, true),
      DataTypes.createStructField(LABELS, DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(FIELD, DataTypes.StringType, true),
      DataTypes.createStructField(REASON, DataTypes.StringType, true)});

  private final String pairsFile;
  private final String bundleDir;
  private final List<String> labelNames;
  private final ImageDescriptor descriptor;
  private final Broadcast<SerializableConfiguration> hadoop;
  private final boolean decodeImages;

  PairDecoder(String pairsFile, String bundleDir, List<String> labelNames, ImageDescriptor descriptor,
      Broadcast<SerializableConfiguration> hadoop) {
    this(pairsFile, bundleDir, labelNames, descriptor, hadoop, true);
  }

  /**
   * With {@code decodeImages} false the lines are only parsed and validated (JSON, fields, split,
   * labels): the image column stays null and no image is opened. The fail-fast pass of
   * {@code --on-bad-row fail} uses it before the decoding pass.
   */
  PairDecoder(String pairsFile, String bundleDir, List<String> labelNames, ImageDescriptor descriptor,
      Broadcast<SerializableConfiguration> hadoop, boolean decodeImages) {
    this.pairsFile = pairsFile;
    this.bundleDir = bundleDir;
    this.labelNames = List.copyOf(labelNames);
    this.descriptor = descriptor;
    this.hadoop = hadoop;
    this.decodeImages = decodeImages;
  }

  @Override
  public Iterator<Row> call(Iterator<Tuple2<String, Long>> lines) {
    Map<String, Integer> index = PairsBundle.labelIndex(labelNames);
    Configuration conf = hadoop.value().value();
    Path base = new Path(bundleDir);
    long start = System.nanoTime();
    return new Iterator<>() {
      private Row next;
      private long rows;
      private long rejected;
      private boolean logged;
      private long lastLog = start;

      @Override
      public boolean hasNext() {
        while (next == null && lines.hasNext()) {
          Tuple2<String, Long> t = lines.next();
          if (t._1().isBlank()) continue; // blank lines (e.g. a trailing one) are not rows
          next = decode(t._1(), t._2() + 1, index, conf, base);
          rows++;
          if (next.getString(7) != null) rejected++;
          long now = System.nanoTime();
          if (now - lastLog > LOG_EVERY_NANOS) {
            lastLog = now;
            double s = (now - start) / 1e9;
            LOG.info(String.format("extract: %d lines decoded so far (%d rejected), %.0f rows/s", rows, rejected,
                rows / s));
          }
        }
        if (next == null && !logged) {
          logged = true;
          double s = (System.nanoTime() - start) / 1e9;
          if (rows > 0) {
            LOG.info(String.format("extract: decoded %d lines (%d rejected) in %.1f s, %.0f rows/s", rows, rejected, s,
                rows / Math.max(s, 1e-9)));
          }
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Row r = next;
        next = null;
        return r;
      }
    };
  }

  private Row decode(String text, long line, Map<String, Integer> index, Configuration conf, Path base) {
    PairsBundle.Pair pair;
    try {
      pair = PairsBundle.parseLine(text, line, pairsFile, index);
    } catch (BadInputException e) {
      return RowFactory.create(line, idIfAny(text), null, null, null, null, e.field(), e.problem());
    }
    if (!decodeImages) {
      return RowFactory.create(line, pair.id(), pair.split().id(), null, pair.text(), pair.labels(), null, null);
    }
    try {
      float[] image = describe(pair, line, conf, base);
      return RowFactory.create(line, pair.id(), pair.split().id(), image, pair.text(), pair.labels(), null, null);
    } catch (BadInputException e) {
      return RowFactory.create(line, pair.id(), null, null, null, null, e.field(), e.problem());
    }
  }

  private float[] describe(PairsBundle.Pair pair, long line, Configuration conf, Path base) {
    Path p = new Path(base, pair.image());
    byte[] bytes;
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      bytes = in.readAllBytes();
    } catch (FileNotFoundException e) {
      throw new BadInputException(pairsFile, "line " + line, PairsBundle.FIELD_IMAGE,
          PairsBundle.IMAGE_MISSING + ": " + p);
    } catch (IOException e) {
      throw new BadInputException(pairsFile, "line " + line, PairsBundle.FIELD_IMAGE,
          "cannot read image file " + p + ": " + e.getMessage());
    }
    try {
      return descriptor.describe(bytes);
    } catch (IOException e) {
      throw new BadInputException(pairsFile, "line " + line, PairsBundle.FIELD_IMAGE,
          PairsBundle.IMAGE_UNDECODABLE + " " + p + ": " + e.getMessage());
    }
  }

  /** The id of a line that failed to parse, where one can still be read (for the rejects file). */
  private static String idIfAny(String text) {
    try {
      com.fasterxml.jackson.databind.JsonNode n = org.ascmr.io.Json.mapper().readTree(text);
      return n != null && n.path(PairsBundle.FIELD_ID).isTextual() ? n.get(PairsBundle.FIELD_ID).asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
