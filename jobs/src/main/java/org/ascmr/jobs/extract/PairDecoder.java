package org.ascmr.jobs.extract;

import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
import org.ascmr.features.ExtractConfig;
import org.ascmr.features.ImageDescriptor;
import org.ascmr.features.encode.ImageEncoder;
import org.ascmr.features.encode.TextEncoder;
import scala.Tuple2;

/**
 * Executor side of extract: turns (line text, 0-based line index) into one row per non-blank
 * line: the parsed pair with its image descriptor, or the line number with the field and reason
 * it was rejected. Images are read through the Hadoop FileSystem API, so bundles on HDFS or S3
 * work like local ones; image paths are relative to the bundle directory.
 */
final class PairDecoder implements FlatMapFunction<Iterator<Tuple2<String, Long>>, Row> {
  private static final long serialVersionUID = 1L;

  static final String LINE = "line";
  static final String ID = "id";
  static final String SPLIT = "split";
  static final String IMAGE = "image";
  static final String TEXT = "text";
  /** The text's vector where a pretrained text encoder made it here (TF-IDF is fitted later, on train). */
  static final String TEXT_VECTOR = "text_vector";
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
      DataTypes.createStructField(TEXT_VECTOR, DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(LABELS, DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(FIELD, DataTypes.StringType, true),
      DataTypes.createStructField(REASON, DataTypes.StringType, true)});

  private final String pairsFile;
  private final String bundleDir;
  private final List<String> labelNames;
  private final ExtractConfig config;
  private final Broadcast<SerializableConfiguration> hadoop;
  private final boolean decodeImages;

  PairDecoder(String pairsFile, String bundleDir, List<String> labelNames, ExtractConfig config,
      Broadcast<SerializableConfiguration> hadoop) {
    this(pairsFile, bundleDir, labelNames, config, hadoop, true);
  }

  /**
   * With {@code decodeImages} false the lines are only parsed and validated (JSON, fields, split,
   * labels): the vector columns stay null and no image is opened. The fail-fast pass of
   * {@code --on-bad-row fail} uses it before the decoding pass.
   */
  PairDecoder(String pairsFile, String bundleDir, List<String> labelNames, ExtractConfig config,
      Broadcast<SerializableConfiguration> hadoop, boolean decodeImages) {
    this.pairsFile = pairsFile;
    this.bundleDir = bundleDir;
    this.labelNames = List.copyOf(labelNames);
    this.config = config;
    this.hadoop = hadoop;
    this.decodeImages = decodeImages;
  }

  @Override
  public Iterator<Row> call(Iterator<Tuple2<String, Long>> lines) {
    Map<String, Integer> index = PairsBundle.labelIndex(labelNames);
    Configuration conf = hadoop.value().value();
    Path base = new Path(bundleDir);
    // One encoder per executor JVM, shared by its tasks (ExecutorEncoders); null text encoder = TF-IDF later.
    ImageEncoder image = decodeImages ? ExecutorEncoders.image(config, conf) : null;
    TextEncoder text = decodeImages ? ExecutorEncoders.text(config, conf) : null;
    int batch = config.encoders().batchSize();
    DecodeProgress progress = new DecodeProgress(image, text);
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && lines.hasNext()) {
          List<Pending> pending = new ArrayList<>(batch);
          while (pending.size() < batch && lines.hasNext()) {
            Tuple2<String, Long> t = lines.next();
            if (t._1().isBlank()) continue; // blank lines (e.g. a trailing one) are not rows
            pending.add(prepare(t._1(), t._2() + 1, index, conf, base, image));
          }
          encode(pending, image, text);
          for (Pending p : pending) ready.add(p.row());
          progress.add(pending.size(), pending.stream().filter(p -> p.reason != null).count());
        }
        if (ready.isEmpty()) progress.done();
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.poll();
      }
    };
  }

  /** A line on its way to a row: parsed, its image read and preprocessed, not yet encoded. */
  private static final class Pending {
    final long line;
    String id;
    PairsBundle.Pair pair;
    float[] input;
    float[] image;
    float[] text;
    String field;
    String reason;

    Pending(long line) {
      this.line = line;
    }

    Pending reject(String id, String field, String reason) {
      this.id = id;
      this.pair = null;
      this.input = null;
      this.field = field;
      this.reason = reason;
      return this;
    }

    Row row() {
      if (reason != null) return RowFactory.create(line, id, null, null, null, null, null, field, reason);
      return RowFactory.create(line, pair.id(), pair.split().id(), image, pair.text(), text, pair.labels(), null,
          null);
    }
  }

  private Pending prepare(String json, long line, Map<String, Integer> index, Configuration conf, Path base,
      ImageEncoder image) {
    Pending p = new Pending(line);
    try {
      p.pair = PairsBundle.parseLine(json, line, pairsFile, index);
    } catch (BadInputException e) {
      return p.reject(idIfAny(json), e.field(), e.problem());
    }
    if (!decodeImages) return p;
    try {
      p.input = preprocess(p.pair, line, conf, base, image);
      return p;
    } catch (BadInputException e) {
      return p.reject(p.pair.id(), e.field(), e.problem());
    }
  }

  /** Runs the batched forward passes over the lines that are still good. */
  private void encode(List<Pending> batch, ImageEncoder image, TextEncoder text) {
    if (!decodeImages) return;
    List<Pending> good = batch.stream().filter(p -> p.reason == null).toList();
    if (good.isEmpty()) return;
    float[][] images = image.encode(good.stream().map(p -> p.input).toList());
    float[][] texts = text == null ? null : text.encode(good.stream().map(p -> p.pair.text()).toList());
    for (int i = 0; i < good.size(); i++) {
      good.get(i).image = images[i];
      good.get(i).input = null;
      if (texts != null) good.get(i).text = texts[i];
    }
  }

  private float[] preprocess(PairsBundle.Pair pair, long line, Configuration conf, Path base, ImageEncoder encoder) {
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
    BufferedImage img;
    try {
      img = ImageDescriptor.decode(bytes);
    } catch (IOException e) {
      throw new BadInputException(pairsFile, "line " + line, PairsBundle.FIELD_IMAGE,
          PairsBundle.IMAGE_UNDECODABLE + " " + p + ": " + e.getMessage());
    }
    try {
      return encoder.preprocess(img);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(pairsFile, "line " + line, PairsBundle.FIELD_IMAGE,
          "cannot prepare image " + p + " for " + encoder.info().name() + ": " + e.getMessage());
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
