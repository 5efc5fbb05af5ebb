package org.ascmr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.ascmr.testing.TestData;
import org.ascmr.testing.Wikipedia;
import org.junit.jupiter.api.Test;

class WikipediaBenchmarkTest {
  @Test
  void readsTheBundledBenchmark() {
    WikipediaBenchmark.Data d = Wikipedia.data();
    assertEquals(2173, d.train().size());
    assertEquals(693, d.test().size());
    assertEquals(10, d.categories().size());
    assertEquals("art", d.categories().get(0));
    assertEquals(128, d.imageDim());
    assertEquals(10, d.textDim());
    // README: rows of the image histogram sum to 1; category of train line 1 is 6 (media).
    double sum = 0;
    for (float v : d.train().get(0).image()) sum += v;
    assertEquals(1.0, sum, 1e-5);
    assertEquals(5, d.train().get(0).category());
    assertNull(WikipediaBenchmark.check(d.train().get(0), TestData.wikipedia().resolve("raw_features.mat"), 128, 10));
  }
}
