package org.ascmr.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  private final SparkSession spark = SparkTestSession.get();

  private Metadata meta(String configValue) {
    return Metadata.create(ArtifactKind.LABELLED_SET, "test", 1L, 0, Map.of("k", configValue), List.of(), Map.of());
  }

  private Dataset<Row> rows(int n) {
    return spark.range(n).toDF("id");
  }

  @Test
  void writeThenReadChecksKind(@TempDir Path dir) {
    String out = dir.resolve("t").toString();
    Metadata written = Tables.write(spark, rows(5), out, meta("a"));
    assertEquals(5, written.rows());
    Tables.Table t = Tables.read(spark, out, ArtifactKind.LABELLED_SET);
    assertEquals(5, t.rows().count());
    StateException e = assertThrows(StateException.class, () -> Tables.read(spark, out, ArtifactKind.POOL));
    assertTrue(e.getMessage().contains("is a 'labelled-set' artefact, expected 'pool'"), e.getMessage());
  }

  @Test
  void planSkipsSameRecipeAndRefusesOther(@TempDir Path dir) {
    ArtifactStore store = Tables.store(spark);
    String out = dir.resolve("t").toString();
    assertEquals(ArtifactStore.Decision.WRITE, store.plan(out, meta("a"), false));
    Tables.write(spark, rows(3), out, meta("a"));
    assertEquals(ArtifactStore.Decision.UP_TO_DATE, store.plan(out, meta("a"), false));
    StateException e = assertThrows(StateException.class, () -> store.plan(out, meta("b"), false));
    assertTrue(e.getMessage().contains("pass --overwrite"), e.getMessage());
    assertEquals(ArtifactStore.Decision.WRITE, store.plan(out, meta("b"), true));
  }

  @Test
  void failedWriteKeepsPreviousContentAndLeavesNoTemp(@TempDir Path dir) throws IOException {
    String out = dir.resolve("t").toString();
    Tables.write(spark, rows(4), out, meta("a"));
    ArtifactStore store = Tables.store(spark);
    assertThrows(IllegalStateException.class, () -> store.commit(out, tmp -> {
      Tables.writeData(spark, rows(9), tmp);
      throw new IllegalStateException("simulated failure after writing data");
    }));
    assertEquals(4, Tables.read(spark, out, ArtifactKind.LABELLED_SET).rows().count());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("t"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void recoversFromKillBetweenRenames(@TempDir Path dir) throws IOException {
    String out = dir.resolve("t").toString();
    Tables.write(spark, rows(2), out, meta("a"));
    // A process killed after moving the old copy aside and before moving the new one in:
    Files.move(dir.resolve("t"), dir.resolve("._old-t-1234"));
    Tables.Table t = Tables.read(spark, out, ArtifactKind.LABELLED_SET);
    assertEquals(2, t.rows().count());
    assertFalse(Files.exists(dir.resolve("._old-t-1234")));
  }

  @Test
  void refusesToOverwriteForeignDirectory(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("mine"));
    Files.writeString(dir.resolve("mine/notes.txt"), "precious");
    StateException e = assertThrows(StateException.class,
        () -> Tables.store(spark).plan(dir.resolve("mine").toString(), meta("a"), true));
    assertTrue(e.getMessage().contains("is not an ascmr artefact"), e.getMessage());
  }
}
