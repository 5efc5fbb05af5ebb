package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CoarseQuantizerTest {

  @Test
  void probesNearestFirstTiesToLowerIndex() {
    // Centroids 0 and 2 are the same point: equally near, 0 comes first.
    CoarseQuantizer q = new CoarseQuantizer(new float[][] {{1, 0}, {0, 1}, {1, 0}, {-1, 0}});
    float[] scratch = q.newScratch();
    assertArrayEquals(new int[] {0, 2, 1}, q.probes(new float[] {0.8f, 0.6f}, 3, scratch));
    assertArrayEquals(new int[] {1, 0, 2, 3}, q.probes(new float[] {0f, 1f}, 9, scratch));
    assertEquals(3, q.nearest(new float[] {-0.6f, -0.8f}, scratch));
  }

  @Test
  void nearestIsEuclideanNotCosine() {
    // x = (1, 0): the short centroid (0.5, 0) is at distance 0.5; the long (2, 1) at sqrt 2.
    CoarseQuantizer q = new CoarseQuantizer(new float[][] {{2, 1}, {0.5f, 0}});
    assertEquals(1, q.nearest(new float[] {1, 0}, q.newScratch()));
  }
}
