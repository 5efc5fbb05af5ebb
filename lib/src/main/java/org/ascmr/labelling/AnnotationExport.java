package org.ascmr.labelling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ascmr.io.Json;

/**
 * The files export-selection writes for annotators: CSV and JSONL (with an empty labels column
 * to fill in and hand back to ingest-labels), Label Studio tasks and its labelling config.
 */
public final class AnnotationExport {
  public static final String CSV_FILE = "selection.csv";
  public static final String JSONL_FILE = "selection.jsonl";
  public static final String LS_TASKS_FILE = "label-studio-tasks.json";
  public static final String LS_CONFIG_FILE = "label-studio-config.xml";
  public static final String README_FILE = "README.txt";
  /** The Choices control's name in the labelling config (Label Studio exports it as from_name). */
  public static final String LS_CHOICES_NAME = "labels";

  private AnnotationExport() {}

  /** CSV: rank,id,image,text,labels (rank,id,labels without a bundle); labels left empty. */
  public static String csv(List<ExportItem> items, boolean withBundle) {
    StringBuilder b = new StringBuilder();
    b.append(withBundle ? "rank,id,image,text,labels" : "rank,id,labels").append('\n');
    for (ExportItem it : items) {
      List<String> row = new ArrayList<>();
      row.add(Integer.toString(it.rank()));
      row.add(it.id());
      if (withBundle) {
        row.add(it.image());
        row.add(it.text());
      }
      row.add("");
      b.append(Csv.row(row)).append('\n');
    }
    return b.toString();
  }

  /** JSONL: {"rank","id","image","text","labels":[]} per line (image/text only with a bundle). */
  public static String jsonl(List<ExportItem> items, boolean withBundle) {
    StringBuilder b = new StringBuilder();
    for (ExportItem it : items) {
      ObjectNode o = Json.mapper().createObjectNode();
      o.put("rank", it.rank());
      o.put("id", it.id());
      if (withBundle) {
        o.put("image", it.image());
        o.put("text", it.text());
      }
      o.putArray("labels");
      b.append(Json.compact(o)).append('\n');
    }
    return b.toString();
  }

  /** Label Studio task import: [{"data": {"ascmr_id", "image", "text", "round", "rank"}}, ...]. */
  public static String labelStudioTasks(List<ExportItem> items, boolean withBundle) {
    ArrayNode tasks = Json.mapper().createArrayNode();
    for (ExportItem it : items) {
      ObjectNode data = tasks.addObject().putObject("data");
      data.put(LabelFileParser.LS_ID, it.id());
      if (withBundle) {
        data.put("image", it.imageUrl());
        data.put("text", it.text());
      }
      data.put("round", it.round());
      data.put("rank", it.rank());
    }
    return Json.pretty(tasks) + "\n";
  }

  /**
   * Label Studio labelling config: the image and text (or the id alone without a bundle) and one
   * multiple-choice item per label name, in multi-hot order.
   */
  public static String labelStudioConfig(List<String> labelNames, boolean withBundle) {
    StringBuilder b = new StringBuilder();
    b.append("<View>\n");
    String target;
    if (withBundle) {
      b.append("  <Image name=\"image\" value=\"$image\" maxWidth=\"480px\"/>\n");
      b.append("  <Text name=\"text\" value=\"$text\"/>\n");
      target = "image";
    } else {
      b.append("  <Header value=\"Pair $").append(LabelFileParser.LS_ID).append("\"/>\n");
      b.append("  <Text name=\"").append(LabelFileParser.LS_ID).append("\" value=\"$").append(LabelFileParser.LS_ID)
          .append("\"/>\n");
      target = LabelFileParser.LS_ID;
    }
    b.append("  <Choices name=\"").append(LS_CHOICES_NAME).append("\" toName=\"").append(target)
        .append("\" choice=\"multiple\" required=\"true\" showInline=\"false\">\n");
    for (String l : labelNames) b.append("    <Choice value=\"").append(xml(l)).append("\"/>\n");
    b.append("  </Choices>\n</View>\n");
    return b.toString();
  }

  /** How to label and hand the result back; the export directory explains itself. */
  public static String readme(int round, int items, boolean withBundle, String workspaceHint) {
    return readme("ascmr selection of round " + round + ": " + items + " pairs to label.", withBundle, workspaceHint);
  }

  /** The README of a val sample (export-selection --split val). */
  public static String valReadme(int items, boolean withBundle, String workspaceHint) {
    return readme("ascmr val sample: " + items + " val pairs to label. Their labels give the val split what training"
        + " needs for early stopping and model selection; they are never trained on.", withBundle, workspaceHint);
  }

  private static String readme(String title, boolean withBundle, String workspaceHint) {
    return String.join("\n",
        title,
        withBundle ? "" : "The pool has no pairs bundle (imported features): only the ids are exported.",
        "",
        "Files:",
        "  " + CSV_FILE + "     fill the 'labels' column: label names separated by '|'",
        "  " + JSONL_FILE + "   fill \"labels\": [\"name\", ...]",
        "  " + LS_TASKS_FILE + "  import into a Label Studio project whose labelling config is",
        "  " + LS_CONFIG_FILE + "; export the project as JSON when done",
        "",
        "Hand the filled file back with:",
        "  ascmr ingest-labels --workspace " + workspaceHint + " <file>",
        "Every id needs at least one label from the pool's vocabulary (the Choices in " + LS_CONFIG_FILE + ").",
        "");
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
