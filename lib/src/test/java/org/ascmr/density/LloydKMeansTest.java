package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LloydKMeansTest {

  @Test
  void movesCentroidsToTheMeansOfTheirRowsAndKeepsAnEmptyOne() {
    // rows around (1, 0) and (0, 1); the third centroid (-5, -5) gets no rows and stays put
    float[] rows = {1.1f, 0, 0.9f, 0, 1, 0.2f, 0, 1.1f, 0, 0.9f, 0.2f, 1};
    float[][] initial = {{1, 0.2f}, {0.2f, 1}, {-5, -5}};
    float[][] c = LloydKMeans.fit(rows, 6, 2, initial, 3);
    assertEquals(1.0f, c[0][0], 1e-6f);
    assertEquals(0.2f / 3, c[0][1], 1e-6f);
    assertEquals(0.2f / 3, c[1][0], 1e-6f);
    assertEquals(1.0f, c[1][1], 1e-6f);
    assertArrayEquals(new float[] {-5, -5}, c[2]);
    assertArrayEquals(new float[] {1, 0.2f}, initial[0]); // the caller's centroids are not changed
  }
}
