package org.ascmr.jobs.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.cli.ExperimentCommand;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.LabelledColumns;
import org.ascmr.error.StateException;
import org.ascmr.experiment.ExperimentConfig;
import org.ascmr.experiment.RoundResult;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.Tables;
import org.ascmr.strategy.StrategyName;
import org.ascmr.testing.PoolSubset;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.WikipediaPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment driver on real Wikipedia pairs (300 per split), with a tiny model and two
 * selection rounds so the class stays around a minute or two: every strategy returns exactly b
 * unlabelled ids, a rerun repeats the selections exactly, and a run killed mid-round resumes to
 * the same results as an uninterrupted one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExperimentJobTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  static final List<String> SETTINGS = List.of("train.embedDim=32", "train.labelDim=16", "train.lr=0.005",
      "train.batchSize=32", "train.maxEpochs=3", "train.patience=2", "train.workers=1", "train.threads=1",
      "experiment.seeds=5", "experiment.initFraction=0.05", "experiment.budgetFraction=0.05",
      "experiment.maxRounds=2", "experiment.ceiling=false", "experiment.baldPasses=4");
  static final List<String> BASELINES = List.of("random", "entropy", "bald", "coreset", "badge", "intermodal");
  /** The method and its ablations, through the score, density and allocate jobs. */
  static final List<String> ASCMR = List.of("ascmr", "ascmr-paper", "ascmr-nodensity", "density-only");
  /** A tiny estimator for the ASCMR strategies (ignored by the baselines). */
  static final List<String> ESTIMATOR = List.of("score.embedDim=16", "score.hidden=32", "score.epochs=2",
      "score.trainThreads=1", "density.recallQueries=50");

  @TempDir
  static Path dir;
  static String pool;

  @BeforeAll
  static void pool() {
    pool = PoolSubset.firstRows(SPARK, WikipediaPool.path(), dir.resolve("pool").toString(), 300);
  }

  static ConfigSource config(List<String> strategies) {
    List<String> s = new ArrayList<>(SETTINGS);
    s.addAll(ESTIMATOR);
    s.add("experiment.strategies=" + String.join(",", strategies));
    return ConfigSource.load(null, s);
  }

  static ExperimentJob.Outcome run(String out, List<String> strategies, int stopAfter) {
    return ExperimentJob.run(SPARK, config(strategies), 2, new ExperimentJob.Request(pool, out, false, stopAfter),
        ExperimentCommand.recipeSettings());
  }

  /** Selections per (strategy, round), read back from the run directories. */
  static List<List<String>> selections(String out, List<String> strategies) {
    ExperimentLayout layout = new ExperimentLayout(Tables.store(SPARK).qualify(out));
    List<List<String>> all = new ArrayList<>();
    for (String s : strategies) {
      for (int r = 0; r < 2; r++) {
        String file = layout.roundDir(StrategyName.parse(s), 5, r) + "/" + ExperimentLayout.SELECTION_FILE;
        all.add(Json.read(Tables.store(SPARK).readString(file), Selection.class, file).ids());
      }
    }
    return all;
  }

  @Test
  @Order(1)
  void everyBaselinePicksExactlyBudgetUnlabelledIdsAndRepeatsWithTheSameSeed() {
    assertPicksBudgetUnlabelledIdsAndRepeats(BASELINES, "a", "b");
  }

  @Test
  @Order(4)
  void ascmrStrategiesPickExactlyBudgetUnlabelledIdsAndRepeatWithTheSameSeed() {
    assertPicksBudgetUnlabelledIdsAndRepeats(ASCMR, "ascmr-a", "ascmr-b");
  }

  @Test
  @Order(5)
  void ascmrStartChoosesItsOwnInitialSetOfTypicalPairsAndRepeats() {
    String a = dir.resolve("start-a").toString();
    run(a, List.of("ascmr-start"), 0);
    ExperimentLayout layout = new ExperimentLayout(Tables.store(SPARK).qualify(a));
    List<String> own = ids(layout.labelled(StrategyName.ASCMR_START, 5, 0));
    List<String> shared = ids(layout.initialLabelled(5));
    assertEquals(shared.size(), own.size(), "the same initial budget");
    assertEquals(own.size(), new HashSet<>(own).size());
    assertTrue(id300(own), "train pairs only");
    assertFalse(new HashSet<>(own).equals(new HashSet<>(shared)), "its own start, not the shared random one");
    // Round 1 trains on its own start plus round 0's picks.
    Set<String> next = new HashSet<>(ids(layout.labelled(StrategyName.ASCMR_START, 5, 1)));
    assertTrue(next.containsAll(own));
    assertEquals(own.size() + 15, next.size());
    String b = dir.resolve("start-b").toString();
    run(b, List.of("ascmr-start"), 0);
    assertEquals(own, ids(new ExperimentLayout(Tables.store(SPARK).qualify(b)).labelled(StrategyName.ASCMR_START, 5, 0)));
  }

  private static List<String> ids(String labelledTable) {
    return Tables.read(SPARK, labelledTable, ArtifactKind.LABELLED_SET).rows().select(LabelledColumns.ID)
        .orderBy(LabelledColumns.ID).collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  /** Runs {@code strategies} twice (into {@code first} and {@code second}) and checks every round's picks. */
  private static void assertPicksBudgetUnlabelledIdsAndRepeats(List<String> strategies, String first, String second) {
    String a = dir.resolve(first).toString();
    ExperimentJob.Outcome o = run(a, strategies, 0);
    assertEquals(strategies.size() * 3, o.results().size());
    ExperimentLayout layout = new ExperimentLayout(Tables.store(SPARK).qualify(a));
    for (String s : strategies) {
      StrategyName name = StrategyName.parse(s);
      for (int r = 0; r < 2; r++) {
        List<String> picked = selections(a, List.of(s)).get(r);
        assertEquals(15, picked.size(), s + " round " + r);
        assertEquals(15, new HashSet<>(picked).size(), s + " round " + r + " picked an id twice");
        Set<String> labelled = new HashSet<>();
        for (Row row : Tables.read(SPARK, layout.labelled(name, 5, r), ArtifactKind.LABELLED_SET).rows()
            .select(LabelledColumns.ID).collectAsList()) labelled.add(row.getString(0));
        for (String id : picked) assertTrue(!labelled.contains(id), s + " round " + r + " re-picked labelled " + id);
        assertTrue(id300(picked), s + " picked an id outside the pool's train split");
      }
    }
    // Every strategy starts from the same initial labelled set.
    assertEquals(1, o.results().stream().filter(x -> x.round() == 0).map(RoundResult::testMean).distinct().count());

    String b = dir.resolve(second).toString();
    run(b, strategies, 0);
    assertEquals(selections(a, strategies), selections(b, strategies), "same seed, same selections");
  }

  private static boolean id300(List<String> ids) {
    return ids.stream().allMatch(id -> id.startsWith("wiki/"));
  }

  @Test
  @Order(2)
  void killedMidRoundResumesToTheSameResults() {
    List<String> strategies = List.of("random", "entropy");
    String ref = dir.resolve("a").toString();
    String killed = dir.resolve("killed").toString();
    // 4 trainings = both rounds 0 and 1 of random and round 0... : stop in the middle of the runs.
    assertThrows(ExperimentJob.SimulatedKill.class, () -> run(killed, strategies, 4));
    assertTrue(Files.exists(dir.resolve("killed/runs/seed-5/random/round-0/result.json")));
    ExperimentJob.Outcome resumed = run(killed, strategies, 0);
    List<String> expected = new ArrayList<>();
    for (RoundResult r : run(ref, BASELINES, 0).results()) {
      if (strategies.contains(r.strategy())) expected.add(withoutTimes(r));
    }
    assertEquals(expected, resumed.results().stream().map(ExperimentJobTest::withoutTimes).toList());
  }

  private static String withoutTimes(RoundResult r) {
    return Json.compact(new RoundResult(r.strategy(), r.seed(), r.round(), r.labelled(), r.poolSize(), r.testI2t(),
        r.testT2i(), r.valMean(), r.meanInformativeness(), r.meanPairwiseSimilarity(), r.labelCoverage(), null));
  }

  @Test
  @Order(3)
  void otherSettingsInTheSameDirectoryAreRefused() {
    String a = dir.resolve("a").toString();
    List<String> s = new ArrayList<>(SETTINGS);
    s.add("train.lr=0.001");
    StateException e = assertThrows(StateException.class, () -> ExperimentJob.run(SPARK, ConfigSource.load(null, s),
        2, new ExperimentJob.Request(pool, a, false), ExperimentCommand.recipeSettings()));
    assertTrue(e.getMessage().contains("pass --overwrite"), e.getMessage());
    assertNotNull(ExperimentConfig.from(config(BASELINES)));
  }
}
