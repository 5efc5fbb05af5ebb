package org.ascmr.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The properties users rely on: each pick is the most typical unlabelled member of a region that
 * had no label, regions already labelled are served last, the uncertainty weight moves the pick
 * inside a region, and the same seed gives the same picks. Geometry is built by hand so the
 * expected picks can be computed independently of the code under test.
 */
class TypicalCoverageTest {
  private static final CoverageConfig CFG = new CoverageConfig(CoverageConfig.Space.CCA, 3, 1, 0.0, 0.0, 50);

  /** Three well-separated blobs of 6 points: a centre and 5 points on a ring around it. */
  private static float[][] blobs() {
    float[][] centres = {{0, 0}, {100, 0}, {0, 100}};
    List<float[]> x = new ArrayList<>();
    for (float[] c : centres) {
      x.add(new float[] {c[0] + 0.1f, c[1] + 0.1f});
      for (int i = 0; i < 5; i++) {
        double a = 2 * Math.PI * i / 5;
        x.add(new float[] {(float) (c[0] + (2 + i) * Math.cos(a)), (float) (c[1] + (2 + i) * Math.sin(a))});
      }
    }
    return x.toArray(new float[0][]);
  }

  @Test
  void picksTheMostTypicalPairOfEachRegionWithoutALabel() {
    float[][] x = blobs();
    boolean[] labelled = new boolean[x.length];
    labelled[3] = true; // a ring point of blob 0: blob 0 is covered
    List<TypicalCoverage.Pick> picks = TypicalCoverage.select(x, labelled, null, 0, 2, CFG, 7);
    Set<Integer> got = new HashSet<>();
    for (TypicalCoverage.Pick p : picks) got.add(p.index());
    // |L| + b = 3 clusters = the three blobs; blobs 1 and 2 have no label; their centres are the most typical.
    assertEquals(Set.of(6, 12), got);
  }

  @Test
  void typicalityMatchesBruteForce() {
    float[][] x = blobs();
    double[] t = Typicality.of(x, 3);
    for (int i = 0; i < x.length; i++) {
      List<Double> d = new ArrayList<>();
      for (int j = 0; j < x.length; j++) {
        if (j != i) d.add(Math.hypot(x[i][0] - x[j][0], x[i][1] - x[j][1]));
      }
      d.sort(null);
      double expected = 1.0 / ((d.get(0) + d.get(1) + d.get(2)) / 3);
      assertEquals(expected, t[i], 1e-6 * expected, "row " + i);
    }
  }

  @Test
  void coveredRegionsAreServedAfterUncoveredOnes() {
    float[][] x = blobs();
    boolean[] labelled = new boolean[x.length];
    labelled[0] = true;
    labelled[6] = true;
    // b = 1, 3 clusters: blob 2 is the only one without a label.
    List<TypicalCoverage.Pick> picks = TypicalCoverage.select(x, labelled, null, 0, 1, CFG, 3);
    assertEquals(12, picks.get(0).index());
  }

  @Test
  void fullUncertaintyWeightPicksTheMostUncertainMemberOfTheRegion() {
    float[][] x = blobs();
    boolean[] labelled = new boolean[x.length];
    labelled[0] = true;
    labelled[6] = true;
    double[] uncertainty = new double[x.length];
    uncertainty[15] = 5; // a ring point of blob 2
    uncertainty[1] = 9; // more uncertain, but in a covered blob
    List<TypicalCoverage.Pick> picks = TypicalCoverage.select(x, labelled, uncertainty, 1.0, 1, CFG, 3);
    assertEquals(15, picks.get(0).index());
  }

  @Test
  void sameSeedSamePicksOnAnUnstructuredCloud() {
    SplittableRandom r = new SplittableRandom(11);
    float[][] x = new float[400][8];
    for (float[] row : x) for (int d = 0; d < row.length; d++) row[d] = (float) r.nextGaussian();
    boolean[] labelled = new boolean[x.length];
    for (int i = 0; i < 20; i++) labelled[i * 17] = true;
    int[] a = indices(TypicalCoverage.select(x, labelled, null, 0, 30, CFG, 5));
    int[] b = indices(TypicalCoverage.select(x, labelled, null, 0, 30, CFG, 5));
    assertArrayEquals(a, b);
    assertEquals(30, new HashSet<>(boxed(a)).size());
    for (int i : a) assertTrue(!labelled[i], "picked a labelled row " + i);
    assertNotEquals(boxed(a), boxed(indices(TypicalCoverage.select(x, labelled, null, 0, 30, CFG, 6))));
  }

  @Test
  void weightScheduleAndBadArguments() {
    CoverageConfig c = new CoverageConfig(CoverageConfig.Space.CCA, 20, 5, 0.5, 0.1, 50);
    assertEquals(0.0, c.weightAt(0.08));
    assertEquals(0.5, c.weightAt(0.1));
    float[][] x = blobs();
    boolean[] labelled = new boolean[x.length];
    assertThrows(IllegalArgumentException.class, () -> TypicalCoverage.select(x, labelled, null, 0.5, 1, CFG, 1));
    assertThrows(IllegalArgumentException.class, () -> TypicalCoverage.select(x, labelled, null, 0, x.length + 1, CFG, 1));
  }

  private static int[] indices(List<TypicalCoverage.Pick> picks) {
    return picks.stream().mapToInt(TypicalCoverage.Pick::index).toArray();
  }

  private static List<Integer> boxed(int[] a) {
    List<Integer> out = new ArrayList<>();
    for (int v : a) out.add(v);
    return out;
  }
}
