package org.ascmr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ascmr.error.BadInputException;
import org.ascmr.testing.TestData;
import org.ascmr.testing.Wikipedia;
import org.ascmr.testing.WikipediaCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WikipediaImportTest {
  private static final Path MAT = TestData.wikipedia().resolve("raw_features.mat");

  private static WikipediaImport.Result importOf(Path mat, Path lists) {
    return WikipediaImport.build(mat, lists, ImportMatConfig.defaults());
  }

  @Test
  void defaultsMatchDocs() {
    assertEquals(new ImportMatConfig(0.1, 0L), ImportMatConfig.defaults());
    assertThrows(org.ascmr.error.ConfigException.class, () -> new ImportMatConfig(0.95, 0));
  }

  @Test
  void realBenchmarkGivesTheDocumentedSplits() {
    WikipediaImport.Result r = importOf(MAT, TestData.wikipedia());
    assertEquals(2866, r.rows().size());
    assertEquals(Map.of("train", 1956L, "val", 217L, "test", 693L), r.splitCounts());
    assertEquals(List.of(), r.problems());
    assertEquals(128, r.imageDim());
    assertEquals(10, r.textDim());
    assertEquals(10, r.labelNames().size());
    Set<String> ids = new HashSet<>();
    for (WikipediaImport.PoolRow row : r.rows()) {
      assertTrue(ids.add(row.id()), "duplicate " + row.id());
      assertEquals(1, Labels.indices(row.labels()).size());
    }
    // Features as given: train line 1 keeps its values and its category 6 (index 5).
    WikipediaBenchmark.Item first = Wikipedia.data().train().get(0);
    WikipediaImport.PoolRow row = r.rows().stream()
        .filter(x -> x.id().equals(WikipediaImport.ID_PREFIX + first.textId())).findFirst().orElseThrow();
    assertArrayEquals(first.image(), row.image(), 0f);
    assertArrayEquals(first.text(), row.text(), 0f);
    assertEquals(List.of(5), Labels.indices(row.labels()));
    assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("val: 217 of the 2173 given train rows")), r.notes().toString());
  }

  @Test
  void sameSeedSameVal() {
    WikipediaImport.Result a = importOf(MAT, TestData.wikipedia());
    WikipediaImport.Result b = importOf(MAT, TestData.wikipedia());
    assertEquals(a.rows().stream().map(x -> x.id() + x.split()).toList(),
        b.rows().stream().map(x -> x.id() + x.split()).toList());
    WikipediaImport.Result c = WikipediaImport.build(MAT, TestData.wikipedia(), new ImportMatConfig(0.1, 1));
    assertTrue(!a.rows().stream().map(x -> x.id() + x.split()).toList()
        .equals(c.rows().stream().map(x -> x.id() + x.split()).toList()));
  }

  @Test
  void nanAndInfAreRowProblemsInRowOrder(@TempDir Path dir) throws IOException {
    WikipediaCopy copy = WikipediaCopy.of(dir).set("T_te", 2, 4, Double.POSITIVE_INFINITY).set("I_tr", 9, 3, Double.NaN);
    WikipediaImport.Result r = importOf(copy.write(), dir);
    assertEquals(2, r.problems().size());
    BadInputException first = r.problems().get(0).error();
    assertEquals(copy.mat().toString(), first.file());
    assertEquals("row 9", first.row());
    assertEquals("I_tr[3]", first.field());
    assertTrue(first.problem().startsWith(WikipediaBenchmark.NOT_FINITE), first.problem());
    BadInputException second = r.problems().get(1).error();
    assertEquals("T_te[4]", second.field());
    assertTrue(second.problem().contains("Infinity"), second.problem());
    assertEquals(2864, r.rows().size());
    Reject reject = r.problems().get(0).reject();
    assertEquals(9, reject.line());
    assertNotNull(reject.id());
  }

  @Test
  void wrongWidthFailsWholeFile(@TempDir Path dir) throws IOException {
    WikipediaCopy copy = WikipediaCopy.of(dir).dropLastColumn("I_te");
    BadInputException e = assertThrows(BadInputException.class, () -> importOf(copy.write(), dir));
    assertEquals("I_te", e.field());
    assertEquals("row 1", e.row());
    assertTrue(e.problem().contains(WikipediaBenchmark.WRONG_DIM + ": expected 128 (the width of I_tr), found 127"),
        e.problem());
  }

  @Test
  void listAndMatrixRowCountsMustMatch(@TempDir Path dir) throws IOException {
    WikipediaCopy copy = WikipediaCopy.of(dir).editList(WikipediaBenchmark.TRAIN_LIST, l -> l.subList(0, l.size() - 1));
    BadInputException e = assertThrows(BadInputException.class, () -> importOf(copy.write(), dir));
    assertEquals(dir.resolve(WikipediaBenchmark.TRAIN_LIST).toString(), e.file());
    assertEquals("line 2173", e.row());
    assertEquals("I_tr", e.field());
    assertTrue(e.problem().startsWith(WikipediaBenchmark.ROW_COUNT_MISMATCH + ": 2172 lines"), e.problem());
  }

  @Test
  void badCategoryIsARowProblem(@TempDir Path dir) throws IOException {
    WikipediaCopy copy = WikipediaCopy.of(dir).editList(WikipediaBenchmark.TEST_LIST, l -> {
      l.set(4, l.get(4).replaceAll("\t\\d+$", "\t11"));
      return l;
    });
    WikipediaImport.Result r = importOf(copy.write(), dir);
    assertEquals(1, r.problems().size());
    BadInputException e = r.problems().get(0).error();
    assertEquals(dir.resolve(WikipediaBenchmark.TEST_LIST).toString(), e.file());
    assertEquals("line 5", e.row());
    assertEquals("category", e.field());
    assertTrue(e.problem().startsWith(WikipediaBenchmark.BAD_CATEGORY + " 1..10"), e.problem());
    assertEquals(2865, r.rows().size());
  }

  @Test
  void duplicateTextIdKeepsTheFirst(@TempDir Path dir) throws IOException {
    String firstTrainId = Wikipedia.data().train().get(0).textId();
    WikipediaCopy copy = WikipediaCopy.of(dir).editList(WikipediaBenchmark.TEST_LIST, l -> {
      l.set(2, firstTrainId + l.get(2).substring(l.get(2).indexOf('\t')));
      return l;
    });
    WikipediaImport.Result r = importOf(copy.write(), dir);
    assertEquals(1, r.problems().size());
    BadInputException e = r.problems().get(0).error();
    assertEquals("text_id", e.field());
    assertEquals("line 3", e.row());
    assertTrue(e.problem().startsWith(WikipediaImport.DUPLICATE_ID), e.problem());
    assertTrue(e.problem().contains("first on line 1 of " + WikipediaBenchmark.TRAIN_LIST), e.problem());
  }
}
