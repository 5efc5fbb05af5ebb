package org.ascmr.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths of the real data sets bundled under test-data/ (see their NOTICE/LICENSE files). Shared
 * with the jobs module through lib's test-jar.
 */
public final class TestData {
  private TestData() {}

  /** The repository root: Surefire passes it as ascmr.root; IDE runs fall back to walking up. */
  public static Path root() {
    String prop = System.getProperty("ascmr.root");
    if (prop != null && Files.isDirectory(Path.of(prop, "test-data"))) return Path.of(prop);
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("test-data"))) p = p.getParent();
    if (p == null) throw new IllegalStateException("cannot find test-data/ above " + Path.of("").toAbsolutePath());
    return p;
  }

  /** OpenClipArt 0.18 bundle: pairs.jsonl + images/ + labels.txt (3,195 pairs, 39 labels). */
  public static Path openClipArt() {
    return root().resolve("test-data/openclipart");
  }

  /** Wikipedia classic features: raw_features.mat + list files (2,866 pairs, 10 labels). */
  public static Path wikipedia() {
    return root().resolve("test-data/wikipedia");
  }

  /** The first-release artefacts that newer builds must keep reading (style.md #3). */
  public static Path compat() {
    return root().resolve("test-data/compat");
  }
}
