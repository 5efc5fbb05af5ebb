package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ascmr.error.ExitCodes;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.WikipediaPool;
import org.junit.jupiter.api.Test;

/** The command-line contract of {@code ascmr score} and {@code ascmr bench score}. */
class ScoreCommandTest {



  @Test
  void helpListsTheOptions() {
    Result r = cli("score", "--help");
    assertEquals(0, r.code());
    for (String option : new String[] {"--pool", "--embeddings", "--labelled", "--model", "--closed-form", "--out",
        "--conf", "--set", "--overwrite"}) {
      assertTrue(r.out().contains(option), option + " in\n" + r.out());
    }
    Result bench = cli("bench", "score", "--help");
    assertEquals(0, bench.code());
    assertTrue(bench.out().contains("SYNTHETIC") && bench.out().contains("--pairs"), bench.out());
  }

  @Test
  void withoutEmbeddingsOrRawFeaturesIsAUsageError() {
    Result r = cli("score", "--pool", "p", "--out", "o");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--embeddings: required unless score.useRawFeatures=true"), r.err());
  }

  @Test
  void scoresTheWikipediaPoolOnRawFeatures() throws Exception {
    SparkTestSession.get();
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "score-tests").toAbsolutePath()),
        "cli");
    String out = dir.resolve("scores").toString();
    String[] args = {"score", "--pool", WikipediaPool.path(), "--out", out, "--closed-form",
        "--set", "score.useRawFeatures=true", "--set", "score.embedDim=8", "--set", "score.hidden=8",
        "--set", "score.samples=2", "--set", "score.epochs=1", "--set", "score.sampleCap=200",
        "--set", "score.trainBatch=50", "--set", "score.trainThreads=1", "--set", "spark.partitions=2"};
    Result r = cli(args);
    assertEquals(0, r.code(), r.err());
    // the pool's default labelled set is every train pair with labels: nothing left to score
    assertTrue(r.out().contains("scored 0 unlabelled pairs"), r.out());
    assertTrue(r.out().contains("estimator: trained on the driver on 180 pairs (20 held out)"), r.out());
    Result again = cli(args);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("is up to date"), again.out());
  }
}
