package org.ascmr.jobs.extract;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.ascmr.error.BadInputException;
import org.ascmr.features.ExtractConfig;
import org.ascmr.features.TextVectors;

/**
 * TF-IDF text vectors with Spark ML, fitted on the train split only (val and test texts never
 * shape the vocabulary or the idf): RegexTokenizer (lower case, split on anything but letters and
 * digits) -> StopWordsRemover (English) -> CountVectorizerModel over our vocabulary -> IDF ->
 * dense float array, optionally L2-normalised.
 *
 * <p>The vocabulary is counted here rather than by CountVectorizer.fit: that one keeps the top
 * terms by frequency with ties broken by whatever order its partitions merge in, so the terms
 * at the cut could change with the partition count. Ours orders by (term frequency desc, term
 * asc) among terms with document frequency >= minDocFreq, then hands the list to a
 * CountVectorizerModel.
 */
final class TextFeatures {
  static final String TOKENS = "_tokens";
  static final String WORDS = "_words";
  static final String TF = "_tf";
  static final String TFIDF = "_tfidf";

  private final ExtractConfig config;
  private final List<String> vocabulary;
  private final CountVectorizerModel counts;
  private final IDFModel idf;

  private TextFeatures(ExtractConfig config, List<String> vocabulary, CountVectorizerModel counts, IDFModel idf) {
    this.config = config;
    this.vocabulary = vocabulary;
    this.counts = counts;
    this.idf = idf;
  }

  /** Fits vocabulary and idf on {@code train} (a dataset with a string column {@code textCol}). */
  static TextFeatures fit(Dataset<Row> train, String textCol, ExtractConfig config, String pairsFile) {
    Dataset<Row> words = words(train, textCol, config).select(col(WORDS)).cache();
    try {
      Dataset<Row> tf = words.select(explode(col(WORDS)).as("term")).groupBy("term").agg(count(lit(1)).as("tf"));
      Dataset<Row> df = words.select(explode(array_distinct(col(WORDS))).as("term")).groupBy("term")
          .agg(count(lit(1)).as("df"));
      List<String> vocabulary = tf.join(df, "term")
          .where(col("df").geq(config.minDocFreq()))
          .orderBy(col("tf").desc(), col("term").asc())
          .limit(config.vocabSize())
          .select("term").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      if (vocabulary.isEmpty()) {
        throw new BadInputException(pairsFile, null, "text", "no term occurs in at least extract.minDocFreq = "
            + config.minDocFreq() + " train texts, so the vocabulary is empty; lower extract.minDocFreq or add train pairs");
      }
      CountVectorizerModel counts = new CountVectorizerModel(vocabulary.toArray(new String[0]))
          .setInputCol(WORDS).setOutputCol(TF);
      // minDocFreq is applied to the vocabulary above; the idf itself is Spark's ln((n+1)/(df+1)).
      IDFModel idf = new IDF().setInputCol(TF).setOutputCol(TFIDF).fit(counts.transform(words));
      return new TextFeatures(config, List.copyOf(vocabulary), counts, idf);
    } finally {
      words.unpersist();
    }
  }

  private static Dataset<Row> words(Dataset<Row> rows, String textCol, ExtractConfig config) {
    Dataset<Row> tokens = new RegexTokenizer().setInputCol(textCol).setOutputCol(TOKENS)
        .setPattern("[^\\p{L}\\p{N}]+").setGaps(true).setToLowercase(true)
        .setMinTokenLength(config.minTokenLength()).transform(rows);
    if (!config.stopWords()) return tokens.withColumnRenamed(TOKENS, WORDS);
    // An explicit locale: the default one is the JVM's, and Spark rejects some of them.
    return new StopWordsRemover().setLocale("en").setInputCol(TOKENS).setOutputCol(WORDS).transform(tokens)
        .drop(TOKENS);
  }

  List<String> vocabulary() {
    return vocabulary;
  }

  /** {@code rows} with {@code textCol} replaced by the dense text vector (array<float>). */
  Dataset<Row> transform(Dataset<Row> rows, String textCol) {
    int size = vocabulary.size();
    boolean l2 = config.normaliseText();
    UserDefinedFunction dense = functions.udf((UDF1<Vector, float[]>) v -> {
      SparseVector s = v.toSparse();
      return TextVectors.dense(size, s.indices(), s.values(), l2);
    }, DataTypes.createArrayType(DataTypes.FloatType, false));
    Dataset<Row> withTfidf = idf.transform(counts.transform(words(rows, textCol, config)));
    return withTfidf.withColumn(textCol, dense.apply(col(TFIDF))).drop(WORDS, TF, TFIDF);
  }
}
