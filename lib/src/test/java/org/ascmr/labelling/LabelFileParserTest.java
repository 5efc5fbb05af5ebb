package org.ascmr.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ascmr.error.BadInputException;
import org.junit.jupiter.api.Test;

class LabelFileParserTest {

  @Test
  void formatFromExtension() {
    assertEquals(LabelFileFormat.CSV, LabelFileFormat.ofFileName("r1.CSV"));
    assertEquals(LabelFileFormat.JSONL, LabelFileFormat.ofFileName("r1.jsonl"));
    assertEquals(LabelFileFormat.LABEL_STUDIO, LabelFileFormat.ofFileName("project-3-at-2026.json"));
    BadInputException e = assertThrows(BadInputException.class, () -> LabelFileFormat.ofFileName("labels.xlsx"));
    assertTrue(e.getMessage().startsWith("labels.xlsx: unknown labels file type"), e.getMessage());
  }

  @Test
  void csvFindsColumnsByHeaderAndSplitsLabels() {
    ParsedLabels p = LabelFileParser.parse("f.csv", LabelFileFormat.CSV,
        "rank,id,image,text,labels\n0,a/x,img.png,\"hello, world\",animals | animals/birds\n1,a/y,i,t,\n");
    assertEquals(List.of(new LabelRow("line 2", "a/x", List.of("animals", "animals/birds")),
        new LabelRow("line 3", "a/y", List.of())), p.rows());
    assertEquals(List.of(), p.bad());
  }

  @Test
  void csvWithoutIdOrLabelsColumnIsRefusedWhole() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> LabelFileParser.parse("f.csv", LabelFileFormat.CSV, "pair,label\na,b\n"));
    assertEquals("f.csv, line 1, field 'header': expected a header with columns 'id' and 'labels', found [pair, label]",
        e.getMessage());
  }

  @Test
  void csvMalformedRowsKeepTheirLine() {
    ParsedLabels p = LabelFileParser.parse("f.csv", LabelFileFormat.CSV,
        "id,labels\na,animals,extra\n,food\nb,\"food\n");
    assertEquals(3, p.bad().size());
    assertEquals("line 2: malformed row: expected 2 fields as in the header, found 3", p.bad().get(0).describe());
    assertEquals("line 3, field 'id': missing id: the id cell is empty", p.bad().get(1).describe());
    assertEquals("line 4: malformed row: unterminated quoted field", p.bad().get(2).describe());
  }

  @Test
  void jsonlRowsAndMalformedLines() {
    ParsedLabels p = LabelFileParser.parse("f.jsonl", LabelFileFormat.JSONL, String.join("\n",
        "{\"id\":\"a\",\"labels\":[\"food\",\"plants\"],\"text\":\"ignored\"}",
        "",
        "{\"id\":\"b\",\"labels\":\"food|office\"}",
        "{\"id\":\"c\",\"labels\":[\"food\",",
        "[1,2]",
        "{\"labels\":[\"food\"]}",
        "{\"id\":7,\"labels\":[\"food\"]}",
        "{\"id\":\"d\",\"labels\":{\"food\":1}}",
        "{\"id\":\"e\"}"));
    assertEquals(List.of(new LabelRow("line 1", "a", List.of("food", "plants")),
        new LabelRow("line 3", "b", List.of("food", "office")), new LabelRow("line 9", "e", List.of())), p.rows());
    assertEquals(List.of("line 4", "line 5", "line 6", "line 7", "line 8"),
        p.bad().stream().map(BadRow::ref).toList());
    assertTrue(p.bad().get(0).problem().startsWith(LabelProblems.MALFORMED + ": not valid JSON"), p.bad().get(0).problem());
    assertTrue(p.bad().get(2).problem().startsWith(LabelProblems.MISSING_ID), p.bad().get(2).problem());
    assertEquals("malformed row: \"id\" must be a string, found number 7", p.bad().get(3).problem());
    assertEquals("malformed row: \"labels\" must be an array of label names, found object", p.bad().get(4).problem());
  }

  @Test
  void labelStudioChoicesCancelledAndDisagreeing() {
    String export = """
        [
         {"id": 11, "data": {"ascmr_id": "a", "image": "x"},
          "annotations": [{"was_cancelled": false, "result": [
             {"from_name": "labels", "to_name": "image", "type": "choices", "value": {"choices": ["food", "plants"]}}]}]},
         {"id": 12, "data": {"ascmr_id": "b"},
          "annotations": [{"was_cancelled": true, "result": []}]},
         {"id": 13, "data": {"ascmr_id": "c"},
          "annotations": [
            {"result": [{"type": "choices", "value": {"choices": ["food"]}}]},
            {"result": [{"type": "choices", "value": {"choices": ["office"]}}]}]},
         {"id": 14, "data": {"image": "y"}, "annotations": []},
         {"id": 15, "data": {"ascmr_id": "e"},
          "annotations": [
            {"result": [{"type": "choices", "value": {"choices": ["food"]}}, {"type": "textarea", "value": {"text": ["ok"]}}]},
            {"result": [{"type": "choices", "value": {"choices": ["food"]}}]}]}
        ]""";
    ParsedLabels p = LabelFileParser.parse("p.json", LabelFileFormat.LABEL_STUDIO, export);
    assertEquals(List.of(new LabelRow("task 1 (Label Studio id 11)", "a", List.of("food", "plants")),
        new LabelRow("task 2 (Label Studio id 12)", "b", List.of()),
        new LabelRow("task 5 (Label Studio id 15)", "e", List.of("food"))), p.rows());
    assertEquals(2, p.bad().size());
    assertTrue(p.bad().get(0).describe().startsWith("task 3 (Label Studio id 13), field 'annotations': "
        + LabelProblems.ANNOTATORS_DISAGREE), p.bad().get(0).describe());
    assertTrue(p.bad().get(1).describe().startsWith("task 4 (Label Studio id 14), field 'data.ascmr_id': "
        + LabelProblems.MISSING_ID), p.bad().get(1).describe());
  }

  @Test
  void labelStudioFileMustBeAListOfTasks() {
    BadInputException notList = assertThrows(BadInputException.class,
        () -> LabelFileParser.parse("p.json", LabelFileFormat.LABEL_STUDIO, "{\"tasks\": []}"));
    assertTrue(notList.getMessage().contains("expected a Label Studio JSON export (a list of tasks), found object"),
        notList.getMessage());
    BadInputException broken = assertThrows(BadInputException.class,
        () -> LabelFileParser.parse("p.json", LabelFileFormat.LABEL_STUDIO, "[\n{\"id\": 1,\n"));
    assertTrue(broken.getMessage().startsWith("p.json, line 3: malformed row: not valid JSON"), broken.getMessage());
  }
}
