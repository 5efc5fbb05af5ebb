package org.ascmr.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ascmr.io.Json;
import org.junit.jupiter.api.Test;

/**
 * Two strategies x two seeds x three rounds on a 100-pair pool (10, 20, 30 labelled), with I2T =
 * T2I so each value below is the test mean. Ceiling: seed 1 0.50, seed 2 0.60 -> mean 0.55.
 * <pre>
 *   random  seed 1: .40 .45 .48   seed 2: .42 .50 .55
 *   ascmr   seed 1: .44 .49 .50   seed 2: .46 .56 .58
 * </pre>
 * AUC over the range 0.1..0.3 = (a + 2b + c) / 4: random .445 and .4925 (mean .46875), ascmr .48
 * and .54 (mean .51); ascmr - random = .035, .0475 (mean .04125, 2 wins, sign p = 2/4).
 * ascmr per seed: 95% of .50 = .475 first reached at .2; 95% of .60 = .57 at .3; 97%: .485 at .2,
 * .582 never. Seed-mean curves: ascmr .45 .525 .54 reaches .95 x .55 = .5225 at .2 and .97 x .55
 * = .5335 at .3; random .41 .475 .515 reaches neither.
 */
class ExperimentSummaryTest {
  private static final double EXACT = 1e-12;

  static List<RoundResult> results() {
    List<RoundResult> out = new ArrayList<>();
    add(out, "random", 1, 0.40, 0.45, 0.48);
    add(out, "random", 2, 0.42, 0.50, 0.55);
    add(out, "ascmr", 1, 0.44, 0.49, 0.50);
    add(out, "ascmr", 2, 0.46, 0.56, 0.58);
    out.add(row(RoundResult.CEILING, 1, 0, 100, 0.50));
    out.add(row(RoundResult.CEILING, 2, 0, 100, 0.60));
    return out;
  }

  private static void add(List<RoundResult> out, String strategy, long seed, double... means) {
    for (int r = 0; r < means.length; r++) out.add(row(strategy, seed, r, 10 * (r + 1), means[r]));
  }

  private static RoundResult row(String strategy, long seed, int round, long labelled, double mean) {
    return new RoundResult(strategy, seed, round, labelled, 100, mean, mean, mean - 0.01, null, null, null,
        Map.of(RoundResult.TRAIN, 2.0 + round, RoundResult.SELECT, 0.5));
  }

  @Test
  void rejectsDuplicates() {
    List<RoundResult> twice = new ArrayList<>(results());
    twice.add(row("ascmr", 1, 2, 30, 0.5));
    assertThrows(IllegalArgumentException.class, () -> ExperimentSummary.of(twice));
    List<RoundResult> twoCeilings = new ArrayList<>(results());
    twoCeilings.add(row(RoundResult.CEILING, 1, 0, 100, 0.5));
    assertThrows(IllegalArgumentException.class, () -> ExperimentSummary.of(twoCeilings));
  }

  @Test
  void twoStrategiesTwoSeedsByHand() {
    ExperimentSummary s = ExperimentSummary.of(results());
    assertEquals(0.55, s.ceiling().mean(), EXACT);
    assertEquals(2, s.ceiling().seeds());

    ExperimentSummary.Strategy random = s.strategies().get("random");
    assertEquals(0.46875, random.auc(), EXACT);
    assertNull(random.fractionTo95());
    assertNull(random.fractionTo97());
    assertEquals(0.515, random.finalMean(), EXACT);
    assertNull(random.vsRandom());

    ExperimentSummary.Strategy ascmr = s.strategies().get("ascmr");
    assertEquals(0.51, ascmr.auc(), EXACT);
    assertEquals(0.2, ascmr.fractionTo95(), EXACT);
    assertEquals(0.3, ascmr.fractionTo97(), EXACT);
    assertEquals(Arrays.asList(0.2, 0.3), ascmr.fractionTo95PerSeed());
    assertEquals(Arrays.asList(0.2, null), ascmr.fractionTo97PerSeed());
    assertEquals(0.54, ascmr.finalMean(), EXACT);
    assertEquals(0.3, ascmr.finalFraction(), EXACT);
    assertEquals(0.04125, ascmr.vsRandom().meanDifference(), EXACT);
    assertEquals(2, ascmr.vsRandom().wins());
    assertEquals(0.5, ascmr.vsRandom().signTestP(), EXACT);
    assertEquals(3, ascmr.curve().size());
    assertEquals(0.525, ascmr.curve().get(1).mean(), EXACT);
    // Random's final seed-mean is .515; ascmr's seed-mean curve .45 .525 .54 first reaches it at .2,
    // random itself at its last round .3.
    assertEquals(0.2, ascmr.fractionToMatchRandom(), EXACT);
    assertEquals(0.3, random.fractionToMatchRandom(), EXACT);
    // val = test - .01 in every round: the same AUC shifted, the same paired differences.
    assertEquals(0.50, ascmr.valAuc(), 1e-9);
    assertEquals(0.04125, ascmr.valVsRandom().meanDifference(), 1e-9);
    assertNull(random.valVsRandom());
    // train 2, 3, 4 s in rounds 0..2: mean 3 s per round.
    assertEquals(3.0, ascmr.secondsPerRound().get(RoundResult.TRAIN), EXACT);
  }

  @Test
  void jsonHasTheDocumentedShapeAndReadsBack() {
    ExperimentSummary s = ExperimentSummary.of(results());
    String json = s.toJson();
    JsonNode tree = Json.tree(json, "summary.json");
    assertEquals(0.55, tree.get("ceiling").get("mean").asDouble(), EXACT);
    JsonNode random = tree.get("strategies").get("random");
    for (String key : List.of("auc", "fraction_to_95", "fraction_to_97", "final_mean")) {
      assertTrue(random.has(key), key + " missing in " + json);
    }
    assertTrue(random.get("fraction_to_95").isNull(), "never reached is null, not absent");
    assertEquals(0.3, tree.get("strategies").get("ascmr").get("fraction_to_97").asDouble(), EXACT);
    assertEquals(0.5, tree.get("strategies").get("ascmr").get("vs_random").get("sign_test_p").asDouble(), EXACT);
    assertEquals(s, ExperimentSummary.read(json, "summary.json"));
  }

  @Test
  void withoutCeilingTheTargetsAreNull() {
    List<RoundResult> noCeiling = results().stream().filter(r -> !r.isCeiling()).toList();
    ExperimentSummary s = ExperimentSummary.of(noCeiling);
    assertNull(s.ceiling());
    assertNull(s.strategies().get("ascmr").fractionTo95());
    assertEquals(0.51, s.strategies().get("ascmr").auc(), EXACT);
  }
}
