package org.ascmr.jobs.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.cli.ExperimentCommand;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.DensityColumns;
import org.ascmr.data.EmbeddingColumns;
import org.ascmr.data.LabelledColumns;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.ScoreColumns;
import org.ascmr.data.Split;
import org.ascmr.experiment.ExperimentConfig;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Json;
import org.ascmr.jobs.density.ScoreArtifact;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.train.TrainJob;
import org.ascmr.model.TrainConfig;
import org.ascmr.select.CoverageConfig;
import org.ascmr.jobs.select.CoverageSpace;
import org.ascmr.select.PoolKMeans;
import org.ascmr.select.TypicalCoverage;
import org.ascmr.strategy.StrategyName;
import org.ascmr.testing.RoundFixture;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each strategy picks what it is documented to pick, checked against a ranking the test computes
 * itself from the collected rows (plain Java, never the strategy's own scoring path), on real
 * Wikipedia pairs (the first 300 per split) with one small model trained once on 15 labelled pairs.
 * ExperimentJobTest only checks that picks are b distinct unlabelled ids and repeatable; a sign
 * flip in ScoredPicks, a wrong sign in the intermodal score, core-set without its labelled centres
 * or a density-only run that allocates by informativeness would all pass it, and fail here.
 */
class StrategyPicksTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  private static final long SEED = 5;
  private static final int BUDGET = 15;
  private static final int PARTITIONS = 2;
  /** Slack for comparing scores the test recomputes in another order of operations. */
  private static final double TOL = 1e-9;

  @TempDir
  static Path dir;
  static String pool;
  static String labelled;
  static String model;
  static RoundContext round;
  /** Train ids of the pool, sorted; the labelled ones; the rest (U), sorted. */
  static List<String> trainIds;
  static Set<String> labelledIds;
  static List<String> unlabelledIds;
  /** The round's embeddings by id (train rows). */
  static Map<String, Embedded> embedded;

  record Embedded(float[] fv, float[] ft, float[] logitsV, float[] logitsT) {}

  @BeforeAll
  static void trainOneModel() {
    pool = RoundFixture.wikipediaPool(SPARK);
    PoolTable p = PoolTable.read(SPARK, pool);
    trainIds = RoundFixture.trainIds(SPARK, pool);
    // 15 labelled pairs spread over the id order (every 20th train id).
    List<String> init = new ArrayList<>();
    for (int i = 0; i < trainIds.size() && init.size() < BUDGET; i += 20) init.add(trainIds.get(i));
    labelledIds = new HashSet<>(init);
    unlabelledIds = trainIds.stream().filter(id -> !labelledIds.contains(id)).toList();
    labelled = dir.resolve("labelled").toString();
    LabelledSets.write(SPARK, p, LabelledSets.reveal(SPARK, p, init), labelled, "test", SEED, Map.of());
    model = dir.resolve("model").toString();
    TrainJob.run(SPARK, config(), new TrainJob.Request(pool, labelled, model, null, true, false, 0));
    round = context(config(), "round", 0, SEED);

    embedded = new HashMap<>();
    for (Row r : Tables.read(SPARK, round.embeddings(), ArtifactKind.EMBEDDINGS).rows()
        .where(org.apache.spark.sql.functions.col(EmbeddingColumns.SPLIT).equalTo(Split.TRAIN.id()))
        .select(EmbeddingColumns.ID, EmbeddingColumns.FV, EmbeddingColumns.FT, EmbeddingColumns.LOGITS_V,
            EmbeddingColumns.LOGITS_T).collectAsList()) {
      embedded.put(r.getString(0), new Embedded(floats(r, 1), floats(r, 2), floats(r, 3), floats(r, 4)));
    }
    assertEquals(new TreeSet<>(trainIds), new TreeSet<>(embedded.keySet()), "one embedding per train pair");
  }

  static ConfigSource config(String... extra) {
    List<String> s = new ArrayList<>(ExperimentJobTest.SETTINGS);
    s.addAll(ExperimentJobTest.ESTIMATOR);
    s.add(TrainConfig.SEED.key() + "=" + SEED);
    s.addAll(List.of(extra));
    return ConfigSource.load(null, s);
  }

  static RoundContext context(ConfigSource cfg, String roundDir, int r, long seed) {
    return new RoundContext(SPARK, cfg, ExperimentConfig.from(cfg), PoolTable.read(SPARK, pool), labelled, model,
        dir.resolve(roundDir).toString(), seed, r, BUDGET, PARTITIONS);
  }

  // ---------------------------------------------------------------- entropy

  @Test
  void entropyPicksTheTopBudgetByMeanBinaryEntropyInScoreOrder() {
    Selection s = new EntropyStrategy().select(round);
    Map<String, Double> entropy = new HashMap<>();
    for (String id : unlabelledIds) {
      Embedded e = embedded.get(id);
      entropy.put(id, meanBinaryEntropy(e.logitsV(), e.logitsT()));
    }
    assertTopB(s, entropy, "entropy");
    for (int i = 0; i < s.size(); i++) {
      assertEquals(entropy.get(s.ids().get(i)), s.scores()[i], TOL, "entropy's recorded score of pick " + i);
      if (i > 0) assertTrue(s.scores()[i] <= s.scores()[i - 1], "entropy scores increase at pick " + i);
    }
  }

  /**
   * UncertaintyScores.meanEntropy, written out: a logit read as a probability is clamped to
   * [1e-6, 1 - 1e-6]; binary entropy in nats averaged over the labels of both modalities.
   */
  static double meanBinaryEntropy(float[] v, float[] t) {
    double sum = 0;
    int n = 0;
    for (float[] logits : List.of(v, t)) {
      for (float l : logits) {
        double p = Math.min(1 - 1e-6, Math.max(1e-6, l));
        sum += -p * Math.log(p) - (1 - p) * Math.log(1 - p);
        n++;
      }
    }
    return sum / n;
  }

  /**
   * The uncertainty that ascmr weighs in (the model's label entropy) is about the task: the model's
   * top label is wrong more often on the top-b by entropy than on U as a whole (the error rate a
   * random batch has in expectation). Revealed labels are read from the pool, as an annotator
   * would give them.
   */
  @Test
  void theMostUncertainPairsAreWhereTheModelIsWrongMoreOften() {
    Map<String, float[]> truth = new HashMap<>();
    for (Row r : PoolTable.read(SPARK, pool).split(Split.TRAIN).select("id", "labels").collectAsList()) {
      truth.put(r.getString(0), floats(r, 1));
    }
    Map<String, Double> entropy = new HashMap<>();
    for (String id : unlabelledIds) entropy.put(id, meanBinaryEntropy(embedded.get(id).logitsV(), embedded.get(id).logitsT()));
    int b = 60;
    List<String> top = unlabelledIds.stream().sorted((x, y) -> Double.compare(entropy.get(y), entropy.get(x)))
        .limit(b).toList();
    double topError = errorRate(top, truth);
    double poolError = errorRate(unlabelledIds, truth);
    assertTrue(topError > poolError, "error rate of the top " + b + " by entropy " + topError
        + " is not above U's " + poolError);
  }

  /** Share of ids whose highest fused logit (image + text) names a label the pair does not have. */
  private static double errorRate(List<String> ids, Map<String, float[]> truth) {
    int wrong = 0;
    for (String id : ids) {
      Embedded e = embedded.get(id);
      int best = 0;
      for (int c = 1; c < e.logitsV().length; c++) {
        if (e.logitsV()[c] + e.logitsT()[c] > e.logitsV()[best] + e.logitsT()[best]) best = c;
      }
      if (truth.get(id)[best] < 0.5f) wrong++;
    }
    return (double) wrong / ids.size();
  }

  // ---------------------------------------------------------------- intermodal

  @Test
  void intermodalPicksTheSmallestPairedCosines() {
    Selection s = new IntermodalStrategy().select(round);
    Map<String, Double> negCos = new HashMap<>();
    for (String id : unlabelledIds) negCos.put(id, -cosine(embedded.get(id).fv(), embedded.get(id).ft()));
    assertTopB(s, negCos, "intermodal");
    for (int i = 0; i < s.size(); i++) {
      assertEquals(negCos.get(s.ids().get(i)), s.scores()[i], 1e-6, "intermodal's recorded score (-cos) of pick " + i);
    }
  }

  // ---------------------------------------------------------------- core-set

  @Test
  void coresetIsKCenterGreedyFromTheLabelledPairs() {
    Selection s = new CoresetStrategy().select(round);
    assertNull(s.scores());
    assertBudgetOfUnlabelled(s, "coreset");
    Map<String, double[]> joint = new HashMap<>();
    for (String id : trainIds) joint.put(id, joint(embedded.get(id)));
    Map<String, Double> minDist = new TreeMap<>();
    for (String u : unlabelledIds) {
      double d = Double.POSITIVE_INFINITY;
      for (String l : labelledIds) d = Math.min(d, dist2(joint.get(u), joint.get(l)));
      minDist.put(u, d);
    }
    // The first pick is the unlabelled pair farthest from every labelled pair; each later one is
    // the farthest from the labelled pairs and the picks before it.
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < s.size(); i++) {
      String pick = s.ids().get(i);
      double best = minDist.entrySet().stream().filter(e -> !taken.contains(e.getKey()))
          .mapToDouble(Map.Entry::getValue).max().orElseThrow();
      assertEquals(best, minDist.get(pick), 1e-6, "coreset pick " + i + " (" + pick + ") is not the farthest"
          + " candidate from its centres");
      taken.add(pick);
      for (String u : unlabelledIds) minDist.put(u, Math.min(minDist.get(u), dist2(joint.get(u), joint.get(pick))));
    }
  }

  // ---------------------------------------------------------------- random

  @Test
  void randomIsBudgetDistinctUnlabelledIdsFixedByTheRoundSeed() {
    Selection a = new RandomStrategy().select(round);
    assertNull(a.scores());
    assertBudgetOfUnlabelled(a, "random");
    assertEquals(a.ids(), new RandomStrategy().select(context(config(), "round", 0, SEED)).ids(), "same seed");
    List<String> nextRound = new RandomStrategy().select(context(config(), "round", 1, SEED)).ids();
    List<String> otherSeed = new RandomStrategy().select(context(config(), "round", 0, SEED + 1)).ids();
    assertNotEquals(new HashSet<>(a.ids()), new HashSet<>(nextRound), "another round draws other pairs");
    assertNotEquals(new HashSet<>(a.ids()), new HashSet<>(otherSeed), "another seed draws other pairs");
  }

  // ---------------------------------------------------------------- reconstruction and its ablations

  @Test
  void ascmrNodensityPicksTheTopBudgetByTheScoreTablesInformativeness() {
    Selection s = new AscmrStrategy(StrategyName.ASCMR_NODENSITY).select(round);
    Map<String, Double> inf = new HashMap<>();
    for (Row r : ScoreArtifact.read(SPARK, round.roundDir() + "/score").unlabelled()
        .select(ScoreColumns.ID, ScoreColumns.INFORMATIVENESS).collectAsList()) {
      inf.put(r.getString(0), r.getDouble(1));
    }
    assertEquals(new TreeSet<>(unlabelledIds), new TreeSet<>(inf.keySet()), "the score table's candidates are U");
    assertTopB(s, inf, "ascmr-nodensity");
    for (int i = 0; i < s.size(); i++) assertEquals(inf.get(s.ids().get(i)), s.scores()[i], 0.0);
  }

  @Test
  void densityOnlyIsTheGreedyDensityAllocationAndPlainTopRhoAtLambdaZero() {
    // The configured lambda (0.2 by default, gamma 0): greedy on the kNN graph with rho as each pick's worth.
    ConfigSource cfg = round.config();
    double lambda = cfg.get(org.ascmr.allocate.AllocateConfig.LAMBDA);
    double gamma = cfg.get(org.ascmr.allocate.AllocateConfig.GAMMA);
    assertTrue(lambda > 0, "the default lambda regularises");
    Selection s = new AscmrStrategy(StrategyName.DENSITY_ONLY).select(round);
    assertBudgetOfUnlabelled(s, "density-only");
    Density d = Density.read(round.roundDir() + "/density");
    assertGreedy(s, d, lambda, gamma, "density-only");

    // lambda = 0: the allocation reduces to the top-b by rho. Same round directory, so the score and
    // density stages are up to date (their recipes hold no allocate.* setting); only the allocation is redone.
    deleteRecursively(dir.resolve("round/allocation"));
    RoundContext zero = context(config("allocate.lambda=0"), "round", 0, SEED);
    Selection t = new AscmrStrategy(StrategyName.DENSITY_ONLY).select(zero);
    assertTopB(t, d.rho(), "density-only at lambda 0");
    for (int i = 0; i < t.size(); i++) assertEquals(d.rho().get(t.ids().get(i)), t.scores()[i], 0.0);
  }

  static void deleteRecursively(Path p) {
    try (var walk = java.nio.file.Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The density table, as plain Java: rho of U, and each U row's kNN list (neighbour id -> similarity). */
  record Density(Map<String, Double> rho, Map<String, List<String>> neighbours, Map<String, List<Float>> sims) {
    static Density read(String path) {
      Map<String, Double> rho = new HashMap<>();
      Map<String, List<String>> nb = new HashMap<>();
      Map<String, List<Float>> sims = new HashMap<>();
      for (Row r : Tables.read(SPARK, path, ArtifactKind.DENSITY).rows().select(DensityColumns.ID,
          DensityColumns.LABELLED, DensityColumns.RHO, DensityColumns.NEIGHBORS, DensityColumns.SIMILARITIES)
          .collectAsList()) {
        if (r.getBoolean(1)) continue;
        rho.put(r.getString(0), r.getDouble(2));
        nb.put(r.getString(0), r.getList(3));
        List<Float> w = new ArrayList<>();
        for (Object o : r.getList(4)) w.add(((Number) o).floatValue());
        sims.put(r.getString(0), w);
      }
      assertEquals(new TreeSet<>(unlabelledIds), new TreeSet<>(rho.keySet()), path + ": unlabelled rows are U");
      return new Density(rho, nb, sims);
    }
  }

  /**
   * method.md §6 greedy, written out naively: gain_i = rho_i - gamma * (similarity to labelled
   * kNN neighbours); each step takes the largest gain (ties to the smaller id), then every
   * unlabelled neighbour j on the pick's kNN list loses 2 lambda w_ij.
   */
  static void assertGreedy(Selection s, Density d, double lambda, double gamma, String what) {
    Map<String, Double> gain = new TreeMap<>();
    for (String id : unlabelledIds) {
      double lab = 0;
      List<String> nb = d.neighbours().get(id);
      for (int e = 0; e < nb.size(); e++) if (!d.rho().containsKey(nb.get(e))) lab += d.sims().get(id).get(e);
      gain.put(id, d.rho().get(id) - gamma * lab);
    }
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < s.size(); i++) {
      String pick = s.ids().get(i);
      assertFalse(taken.contains(pick));
      double best = gain.entrySet().stream().filter(e -> !taken.contains(e.getKey()))
          .mapToDouble(Map.Entry::getValue).max().orElseThrow();
      assertEquals(best, gain.get(pick), TOL, what + " pick " + i + " (" + pick + ") does not have the largest gain");
      assertEquals(d.rho().get(pick), s.scores()[i], 0.0, what + " records rho as the value of pick " + i);
      taken.add(pick);
      List<String> nb = d.neighbours().get(pick);
      for (int e = 0; e < nb.size(); e++) {
        String j = nb.get(e);
        if (gain.containsKey(j) && !taken.contains(j)) gain.put(j, gain.get(j) - 2 * lambda * d.sims().get(pick).get(e));
      }
    }
  }

  // ---------------------------------------------------------------- ascmr (coverage)

  @Test
  void ascmrWithoutUncertaintyPicksTheMostTypicalUnlabelledPairOfEachClusterItServes() {
    ConfigSource cfg = config("select.uncertaintyWeight=0");
    CoverageConfig cc = CoverageConfig.from(cfg);
    RoundContext ctx = context(cfg, "round", 0, SEED);
    Selection s = new CoverageStrategy(StrategyName.ASCMR).select(ctx);
    assertBudgetOfUnlabelled(s, "ascmr");

    // The label-free space the strategy clusters (cached per pool and cca settings), id-sorted.
    CoverageSpace space = CoverageSpace.cca(SPARK, ctx.pool(), cfg);
    assertEquals(trainIds, space.ids());
    float[][] x = space.vectors();
    int n = x.length;
    double[] typicality = new double[n];
    int k = Math.min(cc.neighbours(), n - 1);
    for (int i = 0; i < n; i++) {
      double[] d = new double[n - 1];
      int m = 0;
      for (int j = 0; j < n; j++) if (j != i) d[m++] = Math.sqrt(dist2(x[i], x[j]));
      Arrays.sort(d);
      double mean = 0;
      for (int q = 0; q < k; q++) mean += d[q];
      typicality[i] = 1.0 / (mean / k);
    }
    boolean[] isLabelled = new boolean[n];
    int nl = 0;
    for (int i = 0; i < n; i++) if (isLabelled[i] = labelledIds.contains(trainIds.get(i))) nl++;
    int clusters = Math.min(Math.min(n, TypicalCoverage.MAX_CLUSTERS), nl + BUDGET);
    int[] cluster = PoolKMeans.assign(x, clusters, cc.iterations(), ctx.roundSeed());

    int[] size = new int[clusters];
    int[] covered = new int[clusters];
    for (int i = 0; i < n; i++) {
      size[cluster[i]]++;
      if (isLabelled[i]) covered[cluster[i]]++;
    }
    boolean[] taken = isLabelled.clone();
    for (int p = 0; p < s.size(); p++) {
      int pick = trainIds.indexOf(s.ids().get(p));
      int c = cluster[pick];
      // Served in order: normal-sized clusters before small ones, fewest labelled-or-picked first,
      // then the larger; only clusters that still have an unlabelled pair.
      for (int o = 0; o < clusters; o++) {
        boolean open = false;
        for (int i = 0; i < n; i++) open |= cluster[i] == o && !taken[i];
        if (!open || o == c) continue;
        assertTrue(servedBefore(c, o, size, covered, cc.minClusterSize()), "ascmr pick " + p + " serves cluster " + c
            + " (size " + size[c] + ", covered " + covered[c] + ") before cluster " + o + " (size " + size[o]
            + ", covered " + covered[o] + ")");
      }
      for (int i = 0; i < n; i++) {
        if (cluster[i] != c || taken[i] || i == pick) continue;
        assertTrue(typicality[pick] > typicality[i] * (1 - 1e-9), "ascmr pick " + p + " (" + s.ids().get(p)
            + ", typicality " + typicality[pick] + ") is not the most typical unlabelled pair of its cluster: "
            + trainIds.get(i) + " has " + typicality[i]);
      }
      taken[pick] = true;
      covered[c]++;
    }
  }

  /** TypicalCoverage's documented order: normal-sized first, fewest labelled-or-picked, larger, lower index. */
  static boolean servedBefore(int a, int b, int[] size, int[] covered, int minSize) {
    boolean smallA = size[a] < minSize;
    boolean smallB = size[b] < minSize;
    if (smallA != smallB) return smallB;
    if (covered[a] != covered[b]) return covered[a] < covered[b];
    if (size[a] != size[b]) return size[a] > size[b];
    return a < b;
  }

  // ---------------------------------------------------------------- the labelled sets of an experiment

  @Test
  void eachRoundsLabelledSetIsThePreviousOnePlusItsPicks() {
    String out = dir.resolve("experiment").toString();
    List<String> strategies = List.of("random");
    List<String> settings = new ArrayList<>(ExperimentJobTest.SETTINGS);
    settings.add("experiment.strategies=" + String.join(",", strategies));
    settings.add("train.maxEpochs=1"); // the models do not matter here, only the labelled sets
    ExperimentJob.run(SPARK, ConfigSource.load(null, settings), PARTITIONS,
        new ExperimentJob.Request(pool, out, false), ExperimentCommand.recipeSettings());
    ExperimentLayout layout = new ExperimentLayout(Tables.store(SPARK).qualify(out));
    Map<String, List<Float>> truth = new HashMap<>();
    for (Row r : PoolTable.read(SPARK, pool).split(Split.TRAIN).select(PoolColumns.ID, PoolColumns.LABELS)
        .collectAsList()) {
      truth.put(r.getString(0), r.getList(1));
    }
    for (String st : strategies) {
      StrategyName name = StrategyName.parse(st);
      Map<String, List<Float>> previous = labelledRows(layout.labelled(name, 5, 0));
      assertEquals(15, previous.size());
      for (int r = 0; r < 2; r++) {
        String file = layout.roundDir(name, 5, r) + "/" + ExperimentLayout.SELECTION_FILE;
        List<String> picks = Json.read(Tables.store(SPARK).readString(file), Selection.class, file).ids();
        Map<String, List<Float>> next = labelledRows(layout.labelled(name, 5, r + 1));
        Set<String> expected = new LinkedHashSet<>(previous.keySet());
        expected.addAll(picks);
        assertEquals(previous.size() + BUDGET, expected.size(), st + " round " + r + " re-picked a labelled pair");
        assertEquals(new TreeSet<>(expected), new TreeSet<>(next.keySet()), st + " labelled-" + (r + 1)
            + " is labelled-" + r + " plus round " + r + "'s picks");
        for (var e : next.entrySet()) {
          assertEquals(truth.get(e.getKey()), e.getValue(), st + ": the oracle reveals " + e.getKey() + "'s labels");
        }
        previous = next;
      }
    }
  }

  private static Map<String, List<Float>> labelledRows(String path) {
    Map<String, List<Float>> out = new HashMap<>();
    for (Row r : Tables.read(SPARK, path, ArtifactKind.LABELLED_SET).rows()
        .select(LabelledColumns.ID, LabelledColumns.LABELS).collectAsList()) {
      assertNull(out.put(r.getString(0), r.getList(1)), path + " holds " + r.getString(0) + " twice");
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  static void assertBudgetOfUnlabelled(Selection s, String what) {
    assertEquals(BUDGET, s.size(), what);
    assertEquals(BUDGET, new HashSet<>(s.ids()).size(), what + " picked an id twice");
    for (String id : s.ids()) assertTrue(unlabelledIds.contains(id), what + " picked " + id + ", not in U");
  }

  /**
   * The picks are b distinct ids of U, in descending order of {@code score}, and no id left out
   * scores above any pick (ties at the boundary within {@link #TOL} allowed).
   */
  static void assertTopB(Selection s, Map<String, Double> score, String what) {
    assertBudgetOfUnlabelled(s, what);
    assertNotNull(s.scores(), what);
    Set<String> picked = new HashSet<>(s.ids());
    double lowestPick = Double.POSITIVE_INFINITY;
    for (int i = 0; i < s.size(); i++) {
      double v = score.get(s.ids().get(i));
      if (i > 0) {
        assertTrue(v <= score.get(s.ids().get(i - 1)) + TOL, what + ": pick " + i + " scores " + v
            + ", above pick " + (i - 1) + " (" + score.get(s.ids().get(i - 1)) + ")");
      }
      lowestPick = Math.min(lowestPick, v);
    }
    double bestLeft = Double.NEGATIVE_INFINITY;
    String bestLeftId = null;
    for (var e : score.entrySet()) {
      if (!picked.contains(e.getKey()) && e.getValue() > bestLeft) {
        bestLeft = e.getValue();
        bestLeftId = e.getKey();
      }
    }
    assertTrue(bestLeft <= lowestPick + TOL, what + ": " + bestLeftId + " scores " + bestLeft
        + " but was left out while a pick scores " + lowestPick);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  /** The joint embedding [f_v / |f_v|, f_t / |f_t|] / sqrt 2. */
  static double[] joint(Embedded e) {
    double[] out = new double[e.fv().length + e.ft().length];
    double nv = 0;
    double nt = 0;
    for (float v : e.fv()) nv += (double) v * v;
    for (float v : e.ft()) nt += (double) v * v;
    for (int i = 0; i < e.fv().length; i++) out[i] = e.fv()[i] / Math.sqrt(2 * nv);
    for (int i = 0; i < e.ft().length; i++) out[e.fv().length + i] = e.ft()[i] / Math.sqrt(2 * nt);
    return out;
  }

  static double dist2(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return s;
  }

  static double dist2(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
    return s;
  }

  static float[] floats(Row r, int i) {
    Object o = r.get(i);
    if (o instanceof float[] a) return a;
    List<?> list = r.getList(i);
    float[] out = new float[list.size()];
    for (int j = 0; j < out.length; j++) out[j] = ((Number) list.get(j)).floatValue();
    return out;
  }
}
