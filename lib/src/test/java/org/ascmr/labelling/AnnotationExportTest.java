package org.ascmr.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.ascmr.io.Json;
import org.junit.jupiter.api.Test;

class AnnotationExportTest {
  private final List<ExportItem> items = List.of(
      new ExportItem(2, 0, "animals/x", "/b/images/x.png", "/data/local-files/?d=images/x.png", "A frog, \"green\""),
      new ExportItem(2, 1, "food/y", "/b/images/y.png", "/data/local-files/?d=images/y.png", "Pie"));

  @Test
  void csvHandsBackToTheParser() {
    String csv = AnnotationExport.csv(items, true);
    assertTrue(csv.startsWith("rank,id,image,text,labels\n0,animals/x,/b/images/x.png,\"A frog, \"\"green\"\"\",\n"), csv);
    // An annotator fills the labels column; ingest reads it back by header name.
    String filled = csv.replace("\"\"\",\n", "\"\"\",animals|food\n");
    ParsedLabels p = LabelFileParser.parse("s.csv", LabelFileFormat.CSV, filled);
    assertEquals(new LabelRow("line 2", "animals/x", List.of("animals", "food")), p.rows().get(0));
    assertEquals(new LabelRow("line 3", "food/y", List.of()), p.rows().get(1));
  }

  @Test
  void jsonlAndIdsOnly() {
    assertEquals("{\"rank\":0,\"id\":\"animals/x\",\"image\":\"/b/images/x.png\",\"text\":\"A frog, \\\"green\\\"\",\"labels\":[]}",
        AnnotationExport.jsonl(items, true).lines().findFirst().orElseThrow());
    assertEquals("rank,id,labels\n0,animals/x,\n1,food/y,\n", AnnotationExport.csv(items, false));
    assertEquals("{\"rank\":1,\"id\":\"food/y\",\"labels\":[]}", AnnotationExport.jsonl(items, false).lines().toList().get(1));
  }

  @Test
  void labelStudioTasksCarryOurId() {
    JsonNode tasks = Json.tree(AnnotationExport.labelStudioTasks(items, true), "t.json");
    assertEquals(2, tasks.size());
    JsonNode data = tasks.get(0).get("data");
    assertEquals("animals/x", data.get("ascmr_id").asText());
    assertEquals("/data/local-files/?d=images/x.png", data.get("image").asText());
    assertEquals("A frog, \"green\"", data.get("text").asText());
    assertEquals(2, data.get("round").asInt());
    assertEquals(Map.of("ascmr_id", "food/y", "rank", 1, "round", 2),
        Json.convert(AnnotationExport.labelStudioTasks(items, false).transform(s -> Json.tree(s, "x")).get(1).get("data"),
            Map.class));
  }

  @Test
  void labellingConfigHasOneChoicePerLabel() {
    String xml = AnnotationExport.labelStudioConfig(List.of("animals", "food & drink", "signs_and_symbols/flags"), true);
    assertTrue(xml.contains("<Choices name=\"labels\" toName=\"image\" choice=\"multiple\""), xml);
    assertEquals(3, xml.lines().filter(l -> l.contains("<Choice ")).count());
    assertTrue(xml.contains("<Choice value=\"food &amp; drink\"/>"), xml);
    assertTrue(xml.contains("<Image name=\"image\" value=\"$image\""), xml);
    String idsOnly = AnnotationExport.labelStudioConfig(List.of("a"), false);
    assertTrue(idsOnly.contains("<Text name=\"ascmr_id\" value=\"$ascmr_id\"/>"), idsOnly);
    assertTrue(idsOnly.contains("toName=\"ascmr_id\""), idsOnly);
  }
}
