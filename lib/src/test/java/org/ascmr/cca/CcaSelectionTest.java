package org.ascmr.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class CcaSelectionTest {
  /** Two classes; image and text both carry the class in their first coordinate, plus noise. */
  private static final int N = 400;
  private final float[][] image = new float[N][3];
  private final float[][] text = new float[N][2];
  private final float[][] labels = new float[N][2];
  private final Moments train;

  CcaSelectionTest() {
    Random rnd = new Random(5);
    CrossMoments acc = new CrossMoments(3, 2);
    for (int i = 0; i < N; i++) {
      int c = i % 2;
      for (int j = 0; j < 3; j++) image[i][j] = (float) ((j == 0 ? 2 * c : 0) + rnd.nextGaussian());
      for (int j = 0; j < 2; j++) text[i][j] = (float) ((j == 0 ? 2 * c : 0) + rnd.nextGaussian());
      labels[i][c] = 1;
      acc.add(image[i], text[i]);
    }
    train = acc.result();
  }

  @Test
  void severalCandidatesNeedVal() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> CcaSelection.select(train, new float[0][], new float[0][], new float[0][], CcaConfig.defaults()));
    assertTrue(e.getMessage().startsWith("config cca.dims: several candidates"), e.getMessage());
  }

  @Test
  void oneCandidateNeedsNoVal() {
    CcaSelection.Choice c = CcaSelection.select(train, null, null, null, CcaConfig.single(1, 0.1));
    assertEquals(1, c.dims());
    assertEquals(1, c.candidates().size());
    assertNull(c.candidates().get(0).val());
  }

  /** min(p, q) = 2 canonical pairs: dims 1, 2, 8, 16 become 1, 2 (capped, duplicates dropped). */
  @Test
  void dimsAreCappedAndEveryCandidateIsScored() {
    CcaSelection.Choice c = CcaSelection.select(train, image, text, labels,
        new CcaConfig(List.of(1, 2, 8, 16), List.of(0.0, 1.0)));
    assertEquals(4, c.candidates().size());
    assertEquals(List.of(1, 2, 1, 2), c.candidates().stream().map(CcaSelection.Candidate::dims).toList());
    double best = c.candidates().stream().mapToDouble(x -> x.val().mean()).max().orElseThrow();
    CcaSelection.Candidate first = c.candidates().stream().filter(x -> x.val().mean() == best).findFirst().orElseThrow();
    assertEquals(first.dims(), c.dims());
    assertEquals(first.ridge(), c.ridge());
    assertEquals(c.ridge(), c.model().ridge());
    // The class signal is one direction (separation 2 sd): well above chance (0.5) at its best.
    assertTrue(best > 0.7, "best val mean " + best);
  }
}
