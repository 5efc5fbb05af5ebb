package org.ascmr.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.Labels;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.Split;
import org.ascmr.data.WikipediaBenchmark;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;

/**
 * The real Wikipedia benchmark written as a POOL artefact for the jobs' tests (until import-mat
 * is merged): val = a seeded 10% of the train list, ids "wiki-&lt;text id&gt;". {@code maxPerSplit}
 * keeps the first rows of each split for fast tests (0 = all).
 */
public final class WikipediaPool {
  public static final long VAL_SEED = 42;

  private WikipediaPool() {}

  public static String write(SparkSession spark, String out, int maxPerSplit) {
    WikipediaBenchmark.Data d = Wikipedia.data();
    List<WikipediaBenchmark.Item> train = new ArrayList<>(d.train());
    Collections.shuffle(train, new Random(VAL_SEED));
    int nVal = train.size() / 10;
    Map<Split, List<WikipediaBenchmark.Item>> splits = new LinkedHashMap<>();
    splits.put(Split.VAL, train.subList(0, nVal));
    splits.put(Split.TRAIN, train.subList(nVal, train.size()));
    splits.put(Split.TEST, d.test());
    List<Row> rows = new ArrayList<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    int c = d.categories().size();
    for (var e : splits.entrySet()) {
      List<WikipediaBenchmark.Item> items = e.getValue();
      if (maxPerSplit > 0 && items.size() > maxPerSplit) items = items.subList(0, maxPerSplit);
      counts.put(e.getKey().id(), (long) items.size());
      for (WikipediaBenchmark.Item it : items) {
        rows.add(RowFactory.create("wiki-" + it.textId(), e.getKey().id(), boxed(it.image()), boxed(it.text()),
            boxed(Labels.multiHot(c, it.category()))));
      }
    }
    PoolInfo info = new PoolInfo(TestData.wikipedia().toString(), d.imageDim(), d.textDim(),
        "SIFT bag of words, 128 words (Rasiwasia et al. 2010)", "LDA topic proportions, 10 topics",
        d.categories(), List.of(), counts, List.of("val = seeded 10% of train (seed " + VAL_SEED + ")",
            maxPerSplit > 0 ? "first " + maxPerSplit + " rows per split" : "all rows"));
    Metadata md = Metadata.create(ArtifactKind.POOL, "test-fixture", VAL_SEED, rows.size(),
        Map.of("maxPerSplit", Integer.toString(maxPerSplit)), List.of(),
        Map.of(PoolInfo.DETAIL_KEY, info));
    Tables.write(spark, spark.createDataFrame(rows, PoolTable.SCHEMA).coalesce(2), out, md);
    return out;
  }

  private static List<Float> boxed(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float x : v) out.add(x);
    return out;
  }
}
