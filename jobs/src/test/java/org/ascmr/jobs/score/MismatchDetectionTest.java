package org.ascmr.jobs.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.ScoreColumns;
import org.ascmr.testing.OpenClipArtPool;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * Behaviour on real data (issue 4's acceptance): in the OpenClipArt pool, a seeded 10% of the
 * unlabelled pairs get another pair's text. The estimator, trained on these pairs as they are
 * (it never learns which are wrong), must rank the mismatched pairs above the genuine ones by
 * u_inter. Measured here: AUROC 0.854 (chance is 0.5; 0.863 with other Monte-Carlo noise draws,
 * so about +/- 0.01 is noise).
 *
 * <p>The issue's target, AUROC >= 0.9 ({@link #ISSUE_TARGET}), is NOT met, and this test no longer
 * pretends otherwise: its bar had followed the code down (0.9 -> 0.85 -> 0.83), which issue 10
 * rightly called out. Linear CCA's cosine on the same corrupted pool gives 0.882 +/- 0.011 over
 * eight corruption seeds, and about 20% of the donor texts share a label with the image. The miss
 * is reported in docs/results.md. What the test asserts is the property the reconstruction's
 * selection ({@code ascmr-paper}) relies on and that a wrong sign or a broken estimator would
 * lose: u_inter ranks mismatched pairs above genuine ones better than chance, with the 99%
 * Hanley-McNeil lower confidence bound of the AUROC above 0.5. The default {@code ascmr} does not
 * use u_inter (docs/method.md).
 */
class MismatchDetectionTest {
  static final long SEED = 11;
  static final double ISSUE_TARGET = 0.9;
  /** One-sided 99% normal quantile for the lower confidence bound. */
  static final double Z99 = 2.326;

  @Test
  void uInterRanksMismatchedPairsAboveGenuineOnes() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = ScoreFixtures.tempDir("mismatch");
    String clean = OpenClipArtPool.path();
    String labelled = dir.resolve("labelled").toString();
    Set<String> labelledIds = ScoreFixtures.writeLabelled(spark, clean, labelled, 0.1, SEED);
    String pool = dir.resolve("pool").toString();
    Set<String> mismatched = ScoreFixtures.writeMismatchedPool(spark, clean, pool, labelledIds, 0.1, SEED);
    String out = dir.resolve("scores").toString();
    ConfigSource config = ConfigSource.load(null, List.of(MismatchDetectionTest.SETTINGS));
    ScoreJob.Summary s = ScoreJob.run(spark, config, new ScoreJob.Request(pool, null, labelled, null, out, 4, false));

    List<Row> rows = spark.read().parquet(out + "/" + ScoreColumns.UNLABELLED_DIR)
        .select(ScoreColumns.ID, ScoreColumns.U_INTER).collectAsList();
    assertEquals(s.unlabelled(), rows.size());
    List<Double> bad = new ArrayList<>();
    List<Double> good = new ArrayList<>();
    for (Row r : rows) (mismatched.contains(r.getString(0)) ? bad : good).add(r.getDouble(1));
    assertEquals(mismatched.size(), bad.size());
    double auroc = auroc(bad, good);
    double lower = auroc - Z99 * hanleyMcNeilSe(auroc, bad.size(), good.size());
    System.out.printf("mismatch detection on OpenClipArt: %d mismatched of %d unlabelled pairs, AUROC of u_inter"
        + " %.4f (99%% lower bound %.4f; issue target %.2f %s; epochs %d, best %d)%n", bad.size(), rows.size(), auroc,
        lower, ISSUE_TARGET, auroc >= ISSUE_TARGET ? "met" : "NOT met", s.training().history().size(),
        s.training().bestEpoch());
    assertTrue(lower > 0.5, "u_inter does not rank mismatched pairs above genuine ones better than chance: AUROC "
        + auroc + ", 99% lower bound " + lower);
  }

  /**
   * Round 0 (raw pool features): a small estimator and 10 epochs at lr 1e-3 (the defaults, lr 1e-4
   * with early stopping, barely move on 2,000 pairs; longer training starts to fit the wrong
   * pairs: 40 epochs scored 0.78, 80 epochs 0.66 with E' = 64).
   */
  static final String[] SETTINGS = {"score.useRawFeatures=true", "score.seed=" + SEED, "score.trainThreads=1",
      "score.embedDim=32", "score.hidden=64", "score.epochs=10", "score.lr=1e-3"};

  /** Standard error of an AUROC (Hanley and McNeil 1982) with {@code np} positives and {@code nn} negatives. */
  static double hanleyMcNeilSe(double a, int np, int nn) {
    double q1 = a / (2 - a);
    double q2 = 2 * a * a / (1 + a);
    return Math.sqrt((a * (1 - a) + (np - 1) * (q1 - a * a) + (nn - 1) * (q2 - a * a)) / ((double) np * nn));
  }

  /** P(a mismatched pair scores above a genuine one), ties counting one half. */
  static double auroc(List<Double> positives, List<Double> negatives) {
    double wins = 0;
    for (double p : positives) {
      for (double n : negatives) wins += p > n ? 1 : p == n ? 0.5 : 0;
    }
    return wins / ((double) positives.size() * negatives.size());
  }
}
