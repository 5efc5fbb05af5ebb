package org.ascmr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.ImportMatConfig;
import org.ascmr.jobs.importmat.ImportMatJob;

/**
 * The real Wikipedia benchmark imported once per test JVM by {@code import-mat} with its defaults
 * (1,956 / 217 / 693 rows; val as {@link WikipediaSplits}), under target/.
 */
public final class WikipediaPool {
  private static String path;

  private WikipediaPool() {}

  public static synchronized String path() {
    if (path == null) {
      try {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-pools").toAbsolutePath()),
            "wikipedia-");
        path = dir.resolve("pool").toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ImportMatJob.run(SparkTestSession.get(), TestData.wikipedia().resolve("raw_features.mat"), TestData.wikipedia(),
          path, ImportMatConfig.defaults(), BadRowPolicy.FAIL, false);
    }
    return path;
  }
}
