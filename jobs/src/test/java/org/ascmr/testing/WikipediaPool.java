package org.ascmr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The real Wikipedia benchmark as a pool artefact (PoolTable.SCHEMA, kind pool), written once per
 * test JVM under target/: ids are the benchmark's text ids, val is {@link WikipediaSplits}' seeded
 * 10% of the train list (so 1,956 / 217 / 693 rows), labels are the one-hot categories. Written in
 * three Parquet files so that jobs read it in several partitions.
 * TODO(lead): build it with import-mat once that lands, keeping the val carve.
 */
public final class WikipediaPool {
  private static String path;

  private WikipediaPool() {}

  public static synchronized String path() {
    if (path == null) {
      try {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-pools").toAbsolutePath()),
            "wikipedia-");
        path = dir.resolve("pool").toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      write(SparkTestSession.get(), path);
    }
    return path;
  }

  /** Writes the pool to {@code out}. */
  public static void write(SparkSession spark, String out) {
    WikipediaBenchmark.Data d = Wikipedia.data();
    int c = d.categories().size();
    boolean[] isVal = WikipediaSplits.valMask(d.train().size());
    List<Row> rows = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < d.train().size(); i++) {
      add(rows, ids, counts, d.train().get(i), isVal[i] ? Split.VAL : Split.TRAIN, c);
    }
    for (WikipediaBenchmark.Item item : d.test()) add(rows, ids, counts, item, Split.TEST, c);
    PoolInfo info = new PoolInfo(TestData.wikipedia().resolve("raw_features.mat").toString(), d.imageDim(),
        d.textDim(), "sift-bow-128 (Rasiwasia et al. 2010)", "lda-10 (Rasiwasia et al. 2010)", d.categories(),
        List.of(), counts, List.of("val = seeded 10% of the benchmark's train list (seed " + WikipediaSplits.SEED + ")"));
    Metadata md = Metadata.create(ArtifactKind.POOL, "test-fixture", WikipediaSplits.SEED, rows.size(), Map.of(),
        List.of(), Map.of(PoolInfo.DETAIL_KEY, info));
    Tables.write(spark, spark.createDataFrame(rows, PoolTable.SCHEMA).repartition(3), out, md);
  }

  private static void add(List<Row> rows, Set<String> ids, Map<String, Long> counts, WikipediaBenchmark.Item item,
      Split split, int numLabels) {
    if (!ids.add(item.textId())) throw new IllegalStateException("duplicate Wikipedia text id " + item.textId());
    counts.merge(split.id(), 1L, Long::sum);
    rows.add(RowFactory.create(item.textId(), split.id(), item.image(), item.text(),
        Labels.multiHot(numLabels, item.category())));
  }
}
