package org.ascmr.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ascmr.error.BadInputException;
import org.junit.jupiter.api.Test;

class RoundResultTest {
  @Test
  void rejectsImpossibleValues() {
    assertThrows(IllegalArgumentException.class, () -> new RoundResult(" ", 1, 0, 1, 10, .2, .2, null, null, null,
        null, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new RoundResult("random", 1, 0, 11, 10, .2, .2, null, null,
        null, null, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new RoundResult("random", 1, 0, 1, 10, 1.2, .2, null, null,
        null, null, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new RoundResult("random", 1, 0, 1, 10, .2, .2, null, null,
        null, 1.5, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new RoundResult("random", 1, 0, 1, 10, .2, .2, null, null,
        null, null, Map.of("train", -1.0)));
  }

  @Test
  void derivedValues() {
    RoundResult r = new RoundResult("ascmr", 3, 2, 64, 3195, 0.3, 0.2, 0.27, 0.8, 0.1, 0.5, Map.of("train", 12.5));
    assertEquals(64.0 / 3195, r.fraction(), 1e-15);
    assertEquals(0.25, r.testMean(), 1e-15);
    assertEquals(12.5, r.seconds("train"));
    assertEquals(0.0, r.seconds("density"));
  }

  @Test
  void statisticsOfThreeItemsByHand() {
    // Unit vectors (1,0), (0,1), (1,1)/sqrt2: cosines 0, .7071, .7071 -> mean sqrt2/3.
    // Labels over C = 4: {0}, {2}, {0, 2} -> 2 of 4 covered. Informativeness 1, 2, 3 -> 2.
    SelectionStatistics s = SelectionStatistics.of(new double[] {1, 2, 3},
        new float[][] {{1, 0}, {0, 1}, {2, 2}}, new float[][] {{1, 0, 0, 0}, {0, 0, 1, 0}, {1, 0, 1, 0}}, 4);
    assertEquals(2.0, s.meanInformativeness(), 1e-12);
    assertEquals(Math.sqrt(2) / 3, s.meanPairwiseSimilarity(), 1e-9);
    assertEquals(0.5, s.labelCoverage(), 1e-12);
    SelectionStatistics none = SelectionStatistics.of(null, new float[][] {{1, 0}}, null, 4);
    assertEquals(new SelectionStatistics(null, null, null), none);
  }

  @Test
  void csvRoundTripAndErrorsNameLineAndColumn() {
    List<RoundResult> rs = List.of(
        new RoundResult("random", 1, 0, 64, 3195, 0.31, 0.27, 0.29, null, null, null, Map.of("train", 1.25)),
        new RoundResult("ascmr", 1, 1, 128, 3195, 1.0 / 3, 0.2, null, 0.71, 0.12, 0.8,
            Map.of("train", 2.0, "score", 0.5, "custom", 0.1)),
        new RoundResult(RoundResult.CEILING, 1, 0, 3195, 3195, 0.41, 0.38, 0.4, null, null, null, Map.of()));
    String csv = ResultsCsv.write(rs);
    assertTrue(csv.startsWith("strategy,seed,round,labelled,pool_size,fraction,test_i2t,test_t2i,test_mean,val_mean,"
        + "mean_informativeness,mean_pairwise_similarity,label_coverage,seconds_train,seconds_embed,seconds_score,"
        + "seconds_density,seconds_select,seconds_evaluate,seconds_custom\n"), csv);
    assertEquals(rs, ResultsCsv.read(csv, "results.csv"));

    String broken = csv.replace("random,1,0,64", "random,1,zero,64");
    BadInputException e = assertThrows(BadInputException.class, () -> ResultsCsv.read(broken, "results.csv"));
    assertEquals("results.csv, line 2, field 'round': expected an integer, found 'zero'", e.getMessage());
  }
}
