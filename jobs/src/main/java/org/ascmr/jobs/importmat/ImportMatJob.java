package org.ascmr.jobs.importmat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.Setting;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.ImportMatConfig;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.WikipediaBenchmark;
import org.ascmr.data.WikipediaImport;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.io.ArtifactStore;
import org.ascmr.jobs.io.InputDigest;
import org.ascmr.jobs.io.PoolSummary;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.RejectsFile;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr import-mat}: the Wikipedia benchmark (MAT v5 + list files, read on the driver:
 * the MAT format needs the whole file) into a pool artefact with the same schema as extract's.
 */
public final class ImportMatJob {
  private static final Logger LOG = LoggerFactory.getLogger(ImportMatJob.class);
  public static final String STAGE = "import-mat";
  public static final String POLICY_KEY = "importMat.onBadRow";

  public record Result(String out, Metadata metadata, boolean upToDate) {}

  private ImportMatJob() {}

  public static Result run(SparkSession spark, Path mat, Path lists, String out, ImportMatConfig config,
      BadRowPolicy policy, boolean overwrite) {
    ArtifactStore store = Tables.store(spark);
    InputDigest matDigest = InputDigest.of(store, mat.toAbsolutePath().toString());
    InputDigest train = InputDigest.of(store, lists.resolve(WikipediaBenchmark.TRAIN_LIST).toAbsolutePath().toString());
    InputDigest test = InputDigest.of(store, lists.resolve(WikipediaBenchmark.TEST_LIST).toAbsolutePath().toString());
    InputDigest cats = InputDigest.of(store, lists.resolve(WikipediaBenchmark.CATEGORIES).toAbsolutePath().toString());
    List<InputRef> inputs = List.of(matDigest.ref("mat", 0), train.ref("train-list", train.lines()),
        test.ref("test-list", test.lines()), cats.ref("categories", cats.lines()));
    Map<String, String> settings = new TreeMap<>();
    settings.put(ImportMatConfig.VAL_FRACTION.key(), ImportMatConfig.VAL_FRACTION.render(config.valFraction()));
    settings.put(ImportMatConfig.SEED.key(), ImportMatConfig.SEED.render(config.seed()));
    settings.put(POLICY_KEY, Setting.enumName(policy));
    Metadata planned = Metadata.create(ArtifactKind.POOL, STAGE, config.seed(), 0, settings, inputs, Map.of());
    String target = store.qualify(out);
    if (store.plan(target, planned, overwrite) == ArtifactStore.Decision.UP_TO_DATE) {
      LOG.info("{} is up to date (same settings and inputs); nothing to do", target);
      return new Result(target, store.readMetadata(target, ArtifactKind.POOL), true);
    }

    try (StageScope scope = StageScope.open(spark, STAGE, "import " + mat)) {
      WikipediaImport.Result r = WikipediaImport.build(mat, lists, config);
      if (!r.problems().isEmpty() && policy == BadRowPolicy.FAIL) {
        LOG.error("{} bad rows; reporting the first (use --on-bad-row skip to set them aside)", r.problems().size());
        throw r.problems().get(0).error();
      }
      List<Row> rows = new ArrayList<>(r.rows().size());
      for (WikipediaImport.PoolRow p : r.rows()) {
        rows.add(RowFactory.create(p.id(), p.split().id(), p.image(), p.text(), p.labels()));
      }
      Dataset<Row> pool = spark.createDataFrame(rows, PoolTable.SCHEMA).orderBy(PoolColumns.ID);
      PoolInfo info = new PoolInfo(matDigest.path(), r.imageDim(), r.textDim(), WikipediaImport.IMAGE_FEATURES,
          WikipediaImport.TEXT_FEATURES, r.labelNames(), List.of(), r.splitCounts(), r.notes());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put(PoolInfo.DETAIL_KEY, info);
      details.put(PoolSummary.LABELLED_COUNTS, r.splitCounts());
      details.put(PoolSummary.REJECTS, (long) r.problems().size());
      details.put(PoolSummary.INPUT_LINES, train.lines() + test.lines());
      scope.step("write " + target);
      Metadata[] written = new Metadata[1];
      store.commit(target, dir -> {
        Tables.writeData(spark, pool, dir);
        long n = spark.read().parquet(dir + "/" + Tables.DATA_DIR).count();
        RejectsFile.write(store, dir, r.problems().stream().map(WikipediaImport.Problem::reject).iterator());
        written[0] = planned.withRows(n).withDetails(details);
        return written[0];
      });
      if (!r.problems().isEmpty()) {
        LOG.warn("{} bad rows set aside in {}/rejects.jsonl", r.problems().size(), target);
      }
      return new Result(target, written[0], false);
    }
  }
}
