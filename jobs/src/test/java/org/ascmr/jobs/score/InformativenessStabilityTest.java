package org.ascmr.jobs.score;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.ScoreColumns;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.WikipediaPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 item 1's bar as a test: with the closed form, betaIntra = 0 and an ensemble of three
 * estimators, the informativeness ranks the unlabelled pairs of the Wikipedia benchmark with
 * Spearman >= 0.8 across estimator seeds (two seeds whose ensembles share no member; the
 * experiment's estimator preset; measured 0.817, against 0.630 for the reconstruction's settings;
 * OpenClipArt 0.862 against 0.338, docs/results.md; Wikipedia because its small features keep the
 * test's memory and time down, and it is the harder of the two). The closed form
 * has no Monte-Carlo noise, so noise seeds cannot move it. Six estimator trainings take several
 * minutes on two cores, so the test is tagged slow and stays out of {@code mvn -B test}: run it with
 * {@code mvn -o test -pl lib,jobs -Pbench -Dtest=InformativenessStabilityTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class InformativenessStabilityTest {
  static final double BAR = 0.8;
  static final List<String> STABLE = List.of("score.closedForm=true", "score.betaIntra=0", "score.ensemble=3");

  @Test
  void theStableInformativenessRanksThePoolAlikeAcrossEstimatorSeeds() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = ScoreFixtures.tempDir("stability");
    String pool = WikipediaPool.path();
    String labelled = dir.resolve("labelled").toString();
    ScoreFixtures.writeLabelled(spark, pool, labelled, 0.1, InformativenessStabilityBench.LABEL_SEED);
    List<Map<String, double[]>> bySeed = new ArrayList<>();
    for (long seed : InformativenessStabilityBench.SEEDS) {
      List<String> settings = new ArrayList<>(InformativenessStabilityBench.PRESET);
      settings.addAll(STABLE);
      settings.add("score.seed=" + seed);
      String out = dir.resolve("scores-" + seed).toString();
      ScoreJob.run(spark, ConfigSource.load(null, settings), new ScoreJob.Request(pool, null, labelled, null, out, 4,
          false));
      bySeed.add(InformativenessStabilityBench.read(spark, out));
    }
    double rho = InformativenessStabilityBench.spearman(bySeed, ScoreColumns.INFORMATIVENESS);
    System.out.printf("stable informativeness across estimator seeds: Spearman %.3f (bar %.1f), top-%d shared %d%n",
        rho, BAR, InformativenessStabilityBench.TOP, InformativenessStabilityBench.sharedTop(bySeed));
    assertTrue(rho >= BAR, "Spearman of I across estimator seeds " + rho + " < " + BAR);
  }
}
