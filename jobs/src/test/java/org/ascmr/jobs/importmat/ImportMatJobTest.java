package org.ascmr.jobs.importmat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.ImportMatConfig;
import org.ascmr.data.PoolColumns;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.Reject;
import org.ascmr.data.WikipediaBenchmark;
import org.ascmr.error.BadInputException;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.PoolSummary;
import org.ascmr.jobs.io.PoolTable;
import org.ascmr.testing.SparkTestSession;
import org.ascmr.testing.TestData;
import org.ascmr.testing.WikipediaCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportMatJobTest {
  private static final SparkSession SPARK = SparkTestSession.get();
  private static final Path MAT = TestData.wikipedia().resolve(WikipediaCopy.MAT);

  @TempDir
  Path dir;

  private ImportMatJob.Result importMat(Path mat, Path lists, BadRowPolicy policy) {
    return ImportMatJob.run(SPARK, mat, lists, dir.resolve("pool").toString(), ImportMatConfig.defaults(), policy, false);
  }

  @Test
  void realBenchmarkGives2866RowsAnd10Labels() {
    ImportMatJob.Result r = importMat(MAT, TestData.wikipedia(), BadRowPolicy.FAIL);
    assertFalse(r.upToDate());
    PoolTable pool = PoolTable.read(SPARK, r.out());
    PoolInfo info = pool.info();
    assertEquals(2866, pool.rows().count());
    assertEquals(10, info.numLabels());
    assertEquals(Map.of("train", 1956L, "val", 217L, "test", 693L), info.splitCounts());
    assertEquals(128, info.imageDim());
    assertEquals(10, info.textDim());
    assertTrue(info.notes().stream().anyMatch(n -> n.startsWith("val: 217 of the 2173")), info.notes().toString());
    assertEquals(2866, pool.rows().select(PoolColumns.ID).distinct().count());
    Row row = pool.rows().orderBy(PoolColumns.ID).first();
    assertTrue(row.getString(0).startsWith("wiki/"));
    assertEquals(128, row.getList(2).size());
    assertEquals(10, row.getList(4).size());
    // Every row is labelled: the default labelled set is the whole (carved) train split.
    assertEquals(1956, pool.labelled(SPARK, null).count());
    assertEquals(0L, ((Number) r.metadata().details().get(PoolSummary.REJECTS)).longValue());

    ImportMatJob.Result again = importMat(MAT, TestData.wikipedia(), BadRowPolicy.FAIL);
    assertTrue(again.upToDate());
  }

  @Test
  void skipSetsNanRowsAside(@TempDir Path copyDir) throws IOException {
    WikipediaCopy copy = WikipediaCopy.of(copyDir).set("I_te", 7, 1, Double.NaN).set("T_tr", 3, 2, Double.NEGATIVE_INFINITY);
    copy.write();
    ImportMatJob.Result r = importMat(copy.mat(), copyDir, BadRowPolicy.SKIP);
    assertEquals(2864, r.metadata().rows());
    List<String> rejects = Files.readAllLines(Path.of(r.out().replace("file:", ""), Reject.FILE_NAME));
    assertEquals(2, rejects.size());
    assertEquals(3, Json.tree(rejects.get(0), "x").get("line").asLong());
    assertEquals("T_tr[2]", Json.tree(rejects.get(0), "x").get("field").asText());
    assertEquals("I_te[1]", Json.tree(rejects.get(1), "x").get("field").asText());
  }

  @Test
  void failNamesTheFirstBadRow(@TempDir Path copyDir) throws IOException {
    WikipediaCopy copy = WikipediaCopy.of(copyDir).set("I_te", 7, 1, Double.NaN)
        .editList(WikipediaBenchmark.TRAIN_LIST, l -> {
          l.set(99, l.get(99).replaceAll("\t\\d+$", "\t0"));
          return l;
        });
    copy.write();
    BadInputException e = assertThrows(BadInputException.class,
        () -> importMat(copy.mat(), copyDir, BadRowPolicy.FAIL));
    assertEquals("line 100", e.row());
    assertEquals("category", e.field());
    assertFalse(Files.exists(dir.resolve("pool")));
  }
}
