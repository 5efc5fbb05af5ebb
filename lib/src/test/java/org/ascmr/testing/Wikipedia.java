package org.ascmr.testing;

import org.ascmr.data.WikipediaBenchmark;

/** The real Wikipedia benchmark from test-data/, read once per test JVM. */
public final class Wikipedia {
  private static WikipediaBenchmark.Data data;

  private Wikipedia() {}

  public static synchronized WikipediaBenchmark.Data data() {
    if (data == null) {
      data = WikipediaBenchmark.read(TestData.wikipedia().resolve("raw_features.mat"), TestData.wikipedia());
    }
    return data;
  }
}
