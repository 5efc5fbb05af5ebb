package org.ascmr.labelling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelValidatorTest {
  private static final List<String> VOCAB = List.of("animals", "food", "plants");
  private final LabelValidator v = new LabelValidator(VOCAB);

  private static ParsedLabels rows(LabelRow... r) {
    return new ParsedLabels(LabelFileFormat.CSV, List.of(r), List.of());
  }

  @Test
  void acceptsNewIdsInVocabularyOrder() {
    ValidatedLabels out = v.validate(rows(new LabelRow("line 2", "b", List.of("plants", "animals", "plants")),
        new LabelRow("line 3", "a", List.of("food"))), Map.of("a", "train", "b", "train"), Map.of());
    assertEquals(Map.of("a", List.of("food"), "b", List.of("animals", "plants")), out.accepted());
    assertEquals(List.of("a", "b"), List.copyOf(out.accepted().keySet()));
    assertEquals(0, out.unchanged());
    assertEquals(List.of(), out.bad());
    assertArrayEquals(new float[] {1, 0, 1}, v.multiHot(out.accepted().get("b")));
  }

  /** Val ids are labelled like train ids (a val set for early stopping); test ids stay refused. */
  @Test
  void acceptsValIdsAndRefusesTestIds() {
    ValidatedLabels out = v.validate(rows(new LabelRow("line 2", "v", List.of("food")),
        new LabelRow("line 3", "t", List.of("food")), new LabelRow("line 4", "a", List.of("plants"))),
        Map.of("v", "val", "t", "test", "a", "train"), Map.of());
    assertEquals(Map.of("v", List.of("food"), "a", List.of("plants")), out.accepted());
    assertEquals(1, out.bad().size());
    assertTrue(out.bad().get(0).describe().startsWith("line 3, field 'id': " + LabelProblems.NOT_TRAIN
        + ": 't' is in the 'test' split; only train and val pairs"), out.bad().get(0).describe());
  }

  @Test
  void eachRuleNamesItsRow() {
    ValidatedLabels out = v.validate(rows(
        new LabelRow("line 2", "gone", List.of("food")),
        new LabelRow("line 3", "t", List.of("food")),
        new LabelRow("line 4", "a", List.of()),
        new LabelRow("line 5", "b", List.of("fod")),
        new LabelRow("line 6", "c", List.of("food")),
        new LabelRow("line 7", "c", List.of("plants")),
        new LabelRow("line 8", "d", List.of("animals"))),
        Map.of("t", "test", "a", "train", "b", "train", "c", "train", "d", "train"),
        Map.of("d", List.of("food")));
    assertEquals(Map.of(), out.accepted());
    List<String> said = out.bad().stream().map(BadRow::describe).toList();
    assertEquals(7, said.size(), said.toString());
    assertTrue(said.get(0).startsWith("line 2, field 'id': " + LabelProblems.NOT_IN_POOL + ": 'gone'"), said.get(0));
    assertTrue(said.get(1).startsWith("line 3, field 'id': " + LabelProblems.NOT_TRAIN + ": 't' is in the 'test' split"),
        said.get(1));
    assertTrue(said.get(2).startsWith("line 4, field 'labels': " + LabelProblems.EMPTY_LABELS), said.get(2));
    assertTrue(said.get(3).startsWith("line 5, field 'labels': " + LabelProblems.UNKNOWN_LABEL
        + ": 'fod' (did you mean 'food'?)"), said.get(3));
    assertEquals("line 6, field 'labels': " + LabelProblems.CONFLICT_IN_FILE
        + ": line 6 says [food], line 7 says [plants]", said.get(4));
    assertTrue(said.get(5).startsWith("line 7, field 'labels': " + LabelProblems.CONFLICT_IN_FILE), said.get(5));
    assertTrue(said.get(6).startsWith("line 8, field 'labels': " + LabelProblems.CONFLICT_EARLIER
        + ": the workspace already has [food] for this id, this row says [animals]"), said.get(6));
  }

  @Test
  void repeatsAreHarmless() {
    ValidatedLabels out = v.validate(rows(
        new LabelRow("line 2", "a", List.of("food", "plants")),
        new LabelRow("line 3", "a", List.of("plants", "food")),
        new LabelRow("line 4", "d", List.of("food"))),
        Map.of("a", "train", "d", "train"), Map.of("d", List.of("food")));
    assertEquals(Map.of("a", List.of("food", "plants")), out.accepted());
    assertEquals(2, out.unchanged());
    assertEquals(List.of(), out.bad());
    assertEquals(3, out.rowsRead());
  }

  @Test
  void relabelAcceptsCorrectionsOfEarlierLabels() {
    ParsedLabels file = rows(
        new LabelRow("line 2", "d", List.of("animals")),
        new LabelRow("line 3", "d", List.of("animals")),
        new LabelRow("line 4", "e", List.of("food")),
        new LabelRow("line 5", "f", List.of("plants")));
    Map<String, String> splits = Map.of("d", "train", "e", "train", "f", "train");
    Map<String, List<String>> earlier = Map.of("d", List.of("food"), "e", List.of("food"));
    ValidatedLabels refused = v.validate(file, splits, earlier);
    assertEquals(2, refused.bad().size());
    assertTrue(refused.bad().get(0).problem().contains("--relabel"), refused.bad().get(0).problem());
    assertEquals(0, refused.relabelled());

    ValidatedLabels out = v.validate(file, splits, earlier, true);
    assertEquals(List.of(), out.bad());
    assertEquals(Map.of("d", List.of("animals"), "f", List.of("plants")), out.accepted());
    assertEquals(1, out.relabelled()); // d
    assertEquals(1, out.newlyLabelled()); // f
    assertEquals(2, out.unchanged()); // line 3 repeats line 2, e repeats its earlier labels
  }

  @Test
  void badRowsComeInFileOrderWithParserOnes() {
    ParsedLabels p = new ParsedLabels(LabelFileFormat.CSV, List.of(new LabelRow("line 9", "zz", List.of("food"))),
        List.of(new BadRow("line 3", null, null, LabelProblems.MALFORMED + ": x")));
    ValidatedLabels out = v.validate(p, Map.of(), Map.of());
    assertEquals(List.of("line 3", "line 9"), out.bad().stream().map(BadRow::ref).toList());
    assertEquals(2, out.rowsRead());
  }
}
