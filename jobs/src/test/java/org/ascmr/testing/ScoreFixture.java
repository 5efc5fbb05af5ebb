package org.ascmr.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascmr.data.ScoreColumns;
import org.ascmr.data.WikipediaBenchmark;
import org.ascmr.density.IdHash;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.Tables;

/**
 * A SCORES artefact ({@link ScoreColumns}) built from REAL embeddings, for the density and
 * allocate tests while the score stage is written elsewhere: the Wikipedia train pairs, u =
 * {@link WikipediaVectors#unit} (image and text features each normalised, concatenated,
 * normalised), informativeness = the text's topic entropy ({@link WikipediaVectors#textEntropy})
 * plus a small image-text term, labelled/unlabelled split by a seeded hash of the id.
 */
public final class ScoreFixture {
  private static final StructType DATA = new StructType(new StructField[] {
      DataTypes.createStructField(ScoreColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(ScoreColumns.INFORMATIVENESS, DataTypes.DoubleType, false),
      DataTypes.createStructField(ScoreColumns.U_INTER, DataTypes.DoubleType, false),
      DataTypes.createStructField(ScoreColumns.U_V, DataTypes.DoubleType, false),
      DataTypes.createStructField(ScoreColumns.U_T, DataTypes.DoubleType, false),
      DataTypes.createStructField(ScoreColumns.MU, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(ScoreColumns.SIGMA, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(ScoreColumns.U, DataTypes.createArrayType(DataTypes.FloatType, false), false)});
  private static final StructType LABELLED = new StructType(new StructField[] {
      DataTypes.createStructField(ScoreColumns.ID, DataTypes.StringType, false),
      DataTypes.createStructField(ScoreColumns.MU, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(ScoreColumns.SIGMA, DataTypes.createArrayType(DataTypes.FloatType, false), false),
      DataTypes.createStructField(ScoreColumns.U, DataTypes.createArrayType(DataTypes.FloatType, false), false)});

  private ScoreFixture() {}

  /** Whether a Wikipedia train pair is in the fixture's labelled set. */
  public static boolean isLabelled(String id, double labelledFraction, long seed) {
    return IdHash.unit(seed, id) < labelledFraction;
  }

  /**
   * Writes the artefact at {@code out} with about {@code labelledFraction} of the pairs labelled,
   * {@code partitions} Parquet files per table; returns its metadata.
   */
  public static Metadata write(SparkSession spark, String out, double labelledFraction, long seed, int partitions) {
    List<Row> data = new ArrayList<>();
    List<Row> labelled = new ArrayList<>();
    for (WikipediaBenchmark.Item it : Wikipedia.data().train()) {
      String id = WikipediaVectors.id(it);
      float[] u = WikipediaVectors.unit(it);
      float[] sigma = new float[u.length];
      java.util.Arrays.fill(sigma, 1f);
      if (isLabelled(id, labelledFraction, seed)) {
        labelled.add(RowFactory.create(id, u, sigma, u));
      } else {
        double entropy = WikipediaVectors.textEntropy(it);
        double inter = 1 - imageTextAgreement(it);
        data.add(RowFactory.create(id, entropy + 0.1 * inter, inter, 0.0, entropy, u, sigma, u));
      }
    }
    Dataset<Row> d = spark.createDataFrame(data, DATA).repartition(partitions);
    Dataset<Row> l = spark.createDataFrame(labelled, LABELLED).repartition(partitions);
    Metadata md = Metadata.create(ArtifactKind.SCORES, "test-fixture", seed, data.size(),
        Map.of("fixture.labelledFraction", Double.toString(labelledFraction)), List.of(),
        Map.of("source", "Wikipedia train (test-data/wikipedia), real features; informativeness = text topic entropy"));
    Tables.store(spark).commit(out, dir -> {
      Tables.writeData(spark, d, dir);
      l.write().parquet(dir + "/" + ScoreColumns.LABELLED_DIR);
      return md;
    });
    return md;
  }

  /** How much of the image's bag of words mass sits in its largest tenth of visual words (a real, deterministic number). */
  private static double imageTextAgreement(WikipediaBenchmark.Item it) {
    float[] img = it.image().clone();
    java.util.Arrays.sort(img);
    double total = 0;
    double top = 0;
    for (int i = 0; i < img.length; i++) {
      total += Math.max(0, img[i]);
      if (i >= img.length - img.length / 10) top += Math.max(0, img[i]);
    }
    return total == 0 ? 0 : top / total;
  }
}
