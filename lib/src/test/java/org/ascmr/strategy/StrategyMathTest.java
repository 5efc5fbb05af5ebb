package org.ascmr.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ascmr.data.SeededSplit;
import org.junit.jupiter.api.Test;

class StrategyMathTest {

  @Test
  void namesMatchConfigSpelling() {
    assertEquals("ascmr-nodensity", StrategyName.ASCMR_NODENSITY.id());
    assertEquals(StrategyName.DENSITY_ONLY, StrategyName.parse("density-only"));
    assertEquals(null, StrategyName.parse("best"));
  }

  @Test
  void seededOrderDependsOnSeedAndIdOnly() {
    assertEquals(SeededSplit.key(7, 1, "a"), SeededSplit.key(7, 1, "a"));
    assertNotEquals(SeededSplit.key(7, 1, "a"), SeededSplit.key(8, 1, "a"));
    assertNotEquals(SeededSplit.key(7, 1, "a"), SeededSplit.key(7, 2, "a"));
    double u = SeededSplit.unit(7, 1, "a");
    assertTrue(u >= 0 && u < 1);
  }

  /** Entropy of p = 0.5 is ln 2; a logit of 1 (certain) gives ~0; the mean is over both modalities. */
  @Test
  void entropyByHand() {
    assertEquals(Math.log(2), UncertaintyScores.binaryEntropy(0.5), 1e-12);
    double e = UncertaintyScores.meanEntropy(new float[] {0.5f, 1f}, new float[] {0.5f, 0f});
    assertEquals(Math.log(2) / 2, e, 1e-4);
  }

  /** Identical passes carry no disagreement: BALD = 0; passes 0.1 and 0.9 give H(0.5) - H(0.1). */
  @Test
  void baldByHand() {
    assertEquals(0, UncertaintyScores.bald(new float[][] {{0.3f, 0.7f}, {0.3f, 0.7f}}), 1e-12);
    double expected = Math.log(2) - UncertaintyScores.binaryEntropy(0.1);
    assertEquals(expected, UncertaintyScores.bald(new float[][] {{0.1f}, {0.9f}}), 1e-6);
  }

  @Test
  void pairedCosine() {
    assertEquals(1, UncertaintyScores.pairedCosine(new float[] {1, 2}, new float[] {2, 4}), 1e-12);
    assertEquals(0, UncertaintyScores.pairedCosine(new float[] {1, 0}, new float[] {0, 3}), 1e-12);
  }

  /**
   * 1-d candidates 0, 1, 2, 10, 11 with a labelled centre at 0: the farthest is 11 (d^2 = 121),
   * then distances to {0, 11} are 0, 1, 4, 1, 0 -> pick 2 (value 2).
   */
  @Test
  void kCenterGreedyByHand() {
    float[][] x = {{0}, {1}, {2}, {10}, {11}};
    assertEquals(List.of(4, 2), KCenterGreedy.select(x, new float[][] {{0}}, 2));
    assertThrows(IllegalArgumentException.class, () -> KCenterGreedy.select(x, new float[0][], 6));
  }

  @Test
  void kCenterTieGoesToLowerIndex() {
    float[][] x = {{-1}, {1}};
    assertEquals(List.of(0), KCenterGreedy.select(x, new float[][] {{0}}, 1));
  }

  @Test
  void badgeFactorisedDistanceEqualsExplicitOuterProducts() {
    Random r = new Random(3);
    float[][] f = new float[4][5];
    float[][] s = new float[4][3];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 5; j++) f[i][j] = (float) r.nextGaussian();
      for (int c = 0; c < 3; c++) s[i][c] = r.nextFloat();
    }
    BadgeEmbedding a = BadgeEmbedding.of(f[0], s[0], f[1], s[1]);
    BadgeEmbedding b = BadgeEmbedding.of(f[2], s[2], f[3], s[3]);
    double[] ea = explicit(f[0], s[0], f[1], s[1]);
    double[] eb = explicit(f[2], s[2], f[3], s[3]);
    double d = 0;
    for (int i = 0; i < ea.length; i++) d += (ea[i] - eb[i]) * (ea[i] - eb[i]);
    assertEquals(d, a.squaredDistance(b), 1e-6 * d); // unit vectors are stored as float
  }

  private static double[] explicit(float[] fv, float[] sv, float[] ft, float[] st) {
    List<Double> out = new ArrayList<>();
    for (float[][] m : new float[][][] {{fv, sv}, {ft, st}}) {
      double n = 0;
      for (float v : m[0]) n += v * v;
      n = Math.sqrt(n);
      for (float sc : m[1]) {
        double a = 2 * (sc - (sc > 0.5f ? 1 : 0));
        for (float v : m[0]) out.add(a * v / n);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void kmeansPlusPlusStartsAtLargestGradientAndIsSeeded() {
    Random r = new Random(5);
    List<BadgeEmbedding> c = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      float[] f = {(float) r.nextGaussian(), (float) r.nextGaussian()};
      float[] s = {r.nextFloat(), r.nextFloat()};
      c.add(BadgeEmbedding.of(f, s, f, s));
    }
    List<Integer> a = KMeansPlusPlusSeeding.select(c, 10, 11);
    assertEquals(a, KMeansPlusPlusSeeding.select(c, 10, 11));
    assertEquals(10, a.stream().distinct().count());
    int largest = 0;
    for (int i = 1; i < c.size(); i++) if (c.get(i).squaredNorm() > c.get(largest).squaredNorm()) largest = i;
    assertEquals(largest, a.get(0));
  }
}
