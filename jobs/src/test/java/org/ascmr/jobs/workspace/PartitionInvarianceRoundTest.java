package org.ascmr.jobs.workspace;

import static org.ascmr.testing.InProcessCli.cli;
import static org.ascmr.testing.RoundFixture.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.PoolSubset;
import org.ascmr.testing.RoundFixture;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same answer whatever the partitioning (issue 13, item 5): round 0 over a pool stored as one
 * Parquet file and run with one partition equals, bit for bit in every table (embeddings, scores,
 * density, selection), round 0 over the same rows stored as three files in hashed order and run
 * with four partitions. A cluster partitions differently from local mode, and a user's pool comes
 * in however many files their ETL wrote; neither may change which pairs go to the annotators.
 */
class PartitionInvarianceRoundTest {
  private static final SparkSession SPARK = SparkTestSession.get();

  @TempDir
  static Path dir;

  private static String rewritten(String pool, int files, String name) {
    return PoolSubset.asFiles(SPARK, pool, dir.resolve(name).toString(), files);
  }

  private static long parquetFiles(String table) throws IOException {
    try (Stream<Path> s = Files.walk(Path.of(table))) {
      return s.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  private static String workspace(String name, String pool, Path labels) {
    return RoundFixture.workspace(dir.resolve(name).toString(), pool, labels);
  }

  private static Map<String, List<Row>> round0(String ws, int partitions) {
    // Input statistics from the whole pool (not the default): the one training input summed over it.
    Result round = cli(args(List.of("spark.partitions=" + partitions, "train.inputStats=pool"), "round", "--workspace",
        ws, "--round", "0"));
    assertEquals(0, round.code(), round.err());
    return RoundFixture.roundTables(SPARK, ws, 0);
  }

  @Test
  void roundZeroIsTheSameWithOneOrFourPartitionsAndOneOrThreePoolFiles() throws IOException {
    String pool = RoundFixture.wikipediaPool(SPARK);
    String onePool = rewritten(pool, 1, "pool-1-file");
    String threePool = rewritten(pool, 3, "pool-3-files");
    assertEquals(1, parquetFiles(onePool));
    assertEquals(3, parquetFiles(threePool));
    Path labels = RoundFixture.labelsFile(SPARK, pool, RoundFixture.trainIds(SPARK, pool).subList(0, 40),
        dir.resolve("labels.jsonl"));

    Map<String, List<Row>> want = round0(workspace("ws-1", onePool, labels), 1);
    Map<String, List<Row>> got = round0(workspace("ws-4", threePool, labels), 4);
    assertEquals(want.keySet(), got.keySet());
    for (String table : want.keySet()) {
      assertTrue(want.get(table).size() > 0, table);
      assertEquals(want.get(table), got.get(table), "round 0's " + table + " table, 1 file x 1 partition vs 3 files"
          + " x 4 partitions");
    }
    assertEquals(20, got.get("allocate").size());
    assertEquals(1, parquetFiles(dir.resolve("ws-1/rounds/0/embed").toString()), "the 1-partition round's embeddings");
    assertTrue(parquetFiles(dir.resolve("ws-4/rounds/0/embed").toString()) > 1, "the 4-partition round's embeddings");
  }

  /**
   * The first batch of a workspace without labels (--bootstrap typical) clusters a CCA space
   * fitted on the whole pool: the fit's sums must not follow the files or partitions either.
   */
  @Test
  void typicalBootstrapIsTheSameWithOneOrFourPartitionsAndOneOrThreePoolFiles() {
    String pool = RoundFixture.wikipediaPool(SPARK);
    List<List<Row>> batches = new java.util.ArrayList<>();
    for (int[] shape : new int[][] {{1, 1}, {3, 4}}) {
      String ws = workspace("boot-" + shape[0] + "-" + shape[1], rewritten(pool, shape[0], "boot-pool-" + shape[0]),
          null);
      Result round = cli(args(List.of("spark.partitions=" + shape[1]), "round", "--workspace", ws, "--round", "0",
          "--bootstrap", "typical"));
      assertEquals(0, round.code(), round.err());
      batches.add(RoundFixture.roundSelection(SPARK, ws, 0));
    }
    assertEquals(20, batches.get(0).size());
    assertEquals(batches.get(0), batches.get(1), "the typical first batch, 1 file x 1 partition vs 3 files x 4");
  }
}
