package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

/** score.ensemble: the uncertainties are the members' means, the fused vectors the first member's. */
class PmieEnsembleTest {
  static final int N = PmieScorerTest.N;
  static final float[][] XV = PmieScorerTest.rows(N, PmieScorerTest.DIMS.imageDim(), 1);
  static final float[][] XT = PmieScorerTest.rows(N, PmieScorerTest.DIMS.textDim(), 2);
  static final long[] H = PmieScorerTest.hashes(N);

  /** A second estimator: the test model with another match scale, so its u_inter differ. */
  static PmieModel other() {
    return new PmieModel(PmieScorerTest.model().params().with(PmieParams.SCALE, Tensor.filled(1.7f, 1, 1)));
  }

  static PairScores score(PmieEnsemble e) {
    PairScores out = new PairScores(N, PmieScorerTest.DIMS.embedDim());
    e.score(PmieScorerTest.flat(XV), PmieScorerTest.flat(XT), H, N, e.workspace(N), out);
    return out;
  }

  @Test
  void anEnsembleOfOneScoresExactlyAsItsEstimator() {
    PmieScorer single = new PmieScorer(PmieScorerTest.model(), PmieScorerTest.K, false, PmieScorerTest.SEED);
    PairScores a = PmieScorerTest.score(single, XV, XT, H);
    PairScores b = score(PmieEnsemble.of(single));
    assertArrayEquals(a.uInter, b.uInter, 0.0);
    assertArrayEquals(a.uV, b.uV, 0.0);
    assertArrayEquals(a.uT, b.uT, 0.0);
    assertArrayEquals(a.u, b.u, 0f);
  }

  @Test
  void uncertaintiesAreTheMembersMeansAndTheFusedVectorsTheFirstMembers() {
    for (boolean closed : new boolean[] {false, true}) {
      PmieScorer first = new PmieScorer(PmieScorerTest.model(), PmieScorerTest.K, closed, PmieScorerTest.SEED);
      PmieScorer second = new PmieScorer(other(), PmieScorerTest.K, closed, PmieScorerTest.SEED + 1);
      PairScores a = PmieScorerTest.score(first, XV, XT, H);
      PairScores b = PmieScorerTest.score(second, XV, XT, H);
      PairScores e = score(new PmieEnsemble(List.of(first, second)));
      for (int i = 0; i < N; i++) {
        assertNotEquals(a.uInter[i], b.uInter[i], "the two members must differ for the test to mean anything");
        assertEquals((a.uInter[i] + b.uInter[i]) / 2, e.uInter[i], 1e-12, "u_inter of row " + i);
        assertEquals((a.uV[i] + b.uV[i]) / 2, e.uV[i], 1e-12, "u_v of row " + i);
        assertEquals((a.uT[i] + b.uT[i]) / 2, e.uT[i], 1e-12, "u_t of row " + i);
      }
      assertArrayEquals(a.mu, e.mu, 0f);
      assertArrayEquals(a.sigma, e.sigma, 0f);
      assertArrayEquals(a.u, e.u, 0f);
    }
  }

  @Test
  void membersHaveDistinctSeedsAndMemberZeroIsTheConfigItself() {
    ScoreConfig cfg = ScoreConfig.from(org.ascmr.config.ConfigSource.load(null, List.of("score.ensemble=3",
        "score.seed=1")));
    assertEquals(1, cfg.member(0).seed());
    assertEquals(1, cfg.member(1).ensemble());
    ScoreConfig next = ScoreConfig.from(org.ascmr.config.ConfigSource.load(null, List.of("score.ensemble=3",
        "score.seed=2")));
    java.util.Set<Long> seeds = new java.util.HashSet<>();
    for (int m = 0; m < 3; m++) {
      seeds.add(cfg.member(m).seed());
      seeds.add(next.member(m).seed());
    }
    assertEquals(6, seeds.size(), "the members of seeds 1 and 2 must not share an estimator: " + seeds);
    assertThrows(ConfigException.class, () -> ScoreConfig.from(org.ascmr.config.ConfigSource.load(null,
        List.of("score.ensemble=0"))));
  }
}
