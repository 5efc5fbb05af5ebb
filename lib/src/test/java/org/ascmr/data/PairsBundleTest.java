package org.ascmr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.ascmr.error.BadInputException;
import org.ascmr.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parsing of single pairs.jsonl lines; the real first line of the OpenClipArt bundle is the base case. */
class PairsBundleTest {
  private static final String FILE = "pairs.jsonl";
  private static List<String> labels;
  private static Map<String, Integer> index;
  private static String realLine;

  @BeforeAll
  static void readReal() throws IOException {
    labels = PairsBundle.parseLabels(Files.readString(TestData.openClipArt().resolve(PairsBundle.LABELS_FILE)),
        PairsBundle.LABELS_FILE);
    index = PairsBundle.labelIndex(labels);
    realLine = Files.readAllLines(TestData.openClipArt().resolve(PairsBundle.PAIRS_FILE)).get(0);
  }

  private static BadInputException bad(String line) {
    return assertThrows(BadInputException.class, () -> PairsBundle.parseLine(line, 7, FILE, index));
  }

  @Test
  void realLineParses() {
    assertEquals(39, labels.size());
    PairsBundle.Pair p = PairsBundle.parseLine(realLine, 1, FILE, index);
    assertEquals("animals/2_dead_frogs_lumen_desig_01", p.id());
    assertEquals("images/animals/2_dead_frogs_lumen_desig_01.png", p.image());
    assertEquals(Split.VAL, p.split());
    float[] y = Labels.multiHot(39, labels.indexOf("animals"), labels.indexOf("signs_and_symbols"));
    assertArrayEquals(y, p.labels());
  }

  @Test
  void missingOrEmptyLabelsAreUnlabelledAndMissingSplitIsTrain() {
    String noLabels = realLine.replace("\"labels\": [\"animals\", \"signs_and_symbols\"], ", "")
        .replace(", \"split\": \"val\"", "");
    PairsBundle.Pair p = PairsBundle.parseLine(noLabels, 1, FILE, index);
    assertNull(p.labels());
    assertEquals(Split.TRAIN, p.split());
    String empty = realLine.replace("[\"animals\", \"signs_and_symbols\"]", "[]");
    assertNull(PairsBundle.parseLine(empty, 1, FILE, index).labels());
  }

  @Test
  void malformedJsonNamesLine() {
    BadInputException e = bad(realLine.substring(0, realLine.length() - 5));
    assertEquals("line 7", e.row());
    assertTrue(e.getMessage().startsWith("pairs.jsonl, line 7: " + PairsBundle.NOT_JSON), e.getMessage());
    assertTrue(bad("[1, 2]").problem().contains(PairsBundle.NOT_JSON));
    assertTrue(bad(realLine + " {}").problem().contains(PairsBundle.NOT_JSON));
  }

  @Test
  void emptyTextNamesField() {
    BadInputException e = bad(realLine.replaceAll("\"text\": \"[^\"]*\"", "\"text\": \"  \""));
    assertEquals("text", e.field());
    assertTrue(e.problem().startsWith(PairsBundle.EMPTY_TEXT), e.problem());
    assertEquals(PairsBundle.MISSING, bad(realLine.replaceAll("\"text\": \"[^\"]*\", ", "")).problem());
  }

  @Test
  void unknownLabelNamesField() {
    BadInputException e = bad(realLine.replace("\"animals\",", "\"aliens\","));
    assertEquals("labels", e.field());
    assertEquals("'aliens' " + PairsBundle.UNKNOWN_LABEL, e.problem());
  }

  @Test
  void unknownLabelSuggestsTheClosestName() {
    BadInputException e = bad(realLine.replace("\"animals\",", "\"animal\","));
    assertEquals("'animal' " + PairsBundle.UNKNOWN_LABEL + " (did you mean 'animals'?)", e.problem());
    assertEquals("'food/fruits' " + PairsBundle.UNKNOWN_LABEL + " (did you mean 'food/fruit'?)",
        bad(realLine.replace("\"animals\",", "\"food/fruits\",")).problem());
  }

  @Test
  void wrongSplitNamesField() {
    BadInputException e = bad(realLine.replace("\"split\": \"val\"", "\"split\": \"validation\""));
    assertEquals("split", e.field());
    assertTrue(e.problem().startsWith(PairsBundle.BAD_SPLIT), e.problem());
  }

  @Test
  void idAndImageMustBeNonEmptyStrings() {
    assertEquals("id", bad(realLine.replace("\"id\": \"animals/2_dead_frogs_lumen_desig_01\"", "\"id\": 12")).field());
    assertEquals("image", bad(realLine.replace("\"image\": \"images/animals/2_dead_frogs_lumen_desig_01.png\"",
        "\"image\": \"\"")).field());
  }

  @Test
  void labelsFileMustHaveUniqueNames() {
    BadInputException e = assertThrows(BadInputException.class, () -> PairsBundle.parseLabels("a\nb\na\n", "labels.txt"));
    assertEquals("line 3", e.row());
    assertThrows(BadInputException.class, () -> PairsBundle.parseLabels("\n\n", "labels.txt"));
  }
}
