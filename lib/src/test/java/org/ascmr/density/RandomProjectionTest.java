package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomProjectionTest {

  @Test
  void seededUnitAndRoughlyAnglePreserving() {
    RandomProjection a = new RandomProjection(512, 128, 9);
    RandomProjection b = new RandomProjection(512, 128, 9);
    Random r = new Random(1);
    float[] x = new float[512];
    float[] y = new float[512];
    for (int d = 0; d < 512; d++) {
      x[d] = (float) r.nextGaussian();
      y[d] = x[d] + 0.8f * (float) r.nextGaussian();
    }
    x = Vectors.normalise(x);
    y = Vectors.normalise(y);
    assertArrayEquals(a.project(x), b.project(x));
    assertEquals(1.0, Vectors.norm(a.project(x)), 1e-5);
    // cos(x, y) = 1 / sqrt(1.64) = 0.78; 128 dims keep it within a few 1/sqrt(128) = 0.09.
    assertEquals(Vectors.dot(x, y), Vectors.dot(a.project(x), a.project(y)), 0.15);
  }
}
