package org.ascmr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.features.ExtractConfig;
import org.ascmr.jobs.extract.ExtractJob;

/**
 * The real OpenClipArt bundle through {@code extract} with the hand-made features (256-d image
 * descriptor, 1,000-d TF-IDF text; 2,243 / 312 / 640 rows), once per test JVM, under target/.
 * Pinned to TF-IDF rather than the default MiniLM text encoder: the quality bars of the tests that
 * use it (e.g. MismatchDetectionTest) were measured on these features.
 */
public final class OpenClipArtPool {
  private static String path;
  /** The extract settings of this pool. */
  public static final ExtractConfig FEATURES = ExtractConfig.from(org.ascmr.config.ConfigSource.load(null,
      java.util.List.of("extract.textEncoder=tfidf")));

  private OpenClipArtPool() {}

  public static synchronized String path() {
    if (path == null) {
      try {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-pools").toAbsolutePath()),
            "openclipart-");
        path = dir.resolve("pool").toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ExtractJob.run(SparkTestSession.get(), TestData.openClipArt().toString(), path, FEATURES, BadRowPolicy.FAIL,
          false, 4);
    }
    return path;
  }
}
