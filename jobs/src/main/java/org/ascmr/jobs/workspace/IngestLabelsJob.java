package org.ascmr.jobs.workspace;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascmr.data.BadRowPolicy;
import org.ascmr.data.PoolColumns;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.Tables;
import org.ascmr.jobs.spark.StageScope;
import org.ascmr.labelling.BadRow;
import org.ascmr.labelling.LabelFileFormat;
import org.ascmr.labelling.LabelFileParser;
import org.ascmr.labelling.LabelRow;
import org.ascmr.labelling.LabelValidator;
import org.ascmr.labelling.ParsedLabels;
import org.ascmr.labelling.ValidatedLabels;
import org.ascmr.workspace.LabelIngestion;
import org.ascmr.workspace.LabelManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ascmr ingest-labels}: validates a labels file against the workspace's pool and earlier
 * labels ({@link LabelValidator}), then appends it to {@code labels/} in one step: with
 * {@code --on-bad-row fail} any bad row means nothing is written; with {@code skip} the good rows
 * are appended and the bad ones kept in a rejects file. The same bytes ingested again are a no-op.
 * With {@code --relabel} an id labelled before may get other labels: the new ingestion records the
 * correction (its {@code relabelled} count) and the labelled set takes each id's latest labels.
 */
public final class IngestLabelsJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestLabelsJob.class);
  /** Fixed part of the message when a file with bad rows is refused (asserted by tests). */
  public static final String NOTHING_INGESTED = "nothing of this file was ingested";

  private IngestLabelsJob() {}

  /** A labels file read and validated, not yet written. */
  public record Prepared(String file, byte[] bytes, String sha256, LabelFileFormat format, LabelManifest manifest,
      ValidatedLabels validated, LabelIngestion alreadyIngested) {
    public List<BadRow> bad() {
      return validated == null ? List.of() : validated.bad();
    }
  }

  /** What happened to one file. */
  public record Outcome(String file, LabelIngestion ingestion, boolean alreadyIngested, List<BadRow> bad) {}

  /** The files named: a directory stands for its .csv/.jsonl/.json files in name order. */
  public static List<String> expand(StateFiles files, List<String> inputs) {
    List<String> out = new ArrayList<>();
    for (String in : inputs) {
      if (!files.exists(in)) throw new StateException(in, "no such labels file or directory");
      if (files.isDirectory(in)) {
        for (String name : files.list(in)) {
          String n = name.toLowerCase(java.util.Locale.ROOT);
          if (n.endsWith(".csv") || n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            out.add(new Path(in, name).toString());
          }
        }
      } else {
        out.add(in);
      }
    }
    return out;
  }

  public static Prepared prepare(SparkSession spark, Workspace ws, String file) {
    return prepare(spark, ws, file, false);
  }

  /**
   * Reads and validates {@code file}; with {@code relabel} an id whose labels differ from its
   * latest earlier ones is a correction, not a conflict.
   */
  public static Prepared prepare(SparkSession spark, Workspace ws, String file, boolean relabel) {
    byte[] bytes = ws.store().readBytes(file);
    String sha = sha256(bytes);
    LabelManifest manifest = ws.labels().current();
    var earlierIngestion = manifest.findBySha256(sha);
    if (earlierIngestion.isPresent()) {
      return new Prepared(file, bytes, sha, null, manifest, null, earlierIngestion.get());
    }
    LabelFileFormat format = LabelFileFormat.ofFileName(new Path(file).getName());
    ParsedLabels parsed = LabelFileParser.parse(file, format, utf8(file, bytes));
    if (parsed.rows().isEmpty() && parsed.bad().isEmpty()) {
      throw new BadInputException(file, null, null, "no label rows in the file");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (LabelRow r : parsed.rows()) ids.add(r.id());
    ValidatedLabels validated;
    try (StageScope s = StageScope.open(spark, "ingest-labels", "validate " + ids.size() + " ids of " + file)) {
      Dataset<Row> wanted = spark.createDataset(new ArrayList<>(ids), Encoders.STRING()).toDF("id");
      Map<String, String> splits = new HashMap<>();
      Dataset<Row> pool = Tables.read(spark, ws.poolPath(), ArtifactKind.POOL).rows()
          .select(col(PoolColumns.ID).as("id"), col(PoolColumns.SPLIT).as("split"));
      for (Row r : pool.join(broadcast(wanted), "id").collectAsList()) splits.put(r.getString(0), r.getString(1));
      Map<String, List<String>> earlier = new HashMap<>();
      if (!manifest.ingestions().isEmpty()) {
        for (Row r : LabelledSetWriter.readLatestLabels(spark, ws, manifest).join(broadcast(wanted), "id")
            .select("id", "labels").collectAsList()) {
          earlier.put(r.getString(0), r.getList(1));
        }
      }
      validated = new LabelValidator(ws.labelNames()).validate(parsed, splits, earlier, relabel);
    }
    return new Prepared(file, bytes, sha, format, manifest, validated, null);
  }

  /** Appends a prepared file, or refuses it under FAIL when it has bad rows. */
  public static Outcome commit(SparkSession spark, Workspace ws, Prepared p, BadRowPolicy policy) {
    if (p.alreadyIngested() != null) {
      LabelledSetWriter.ensureFresh(spark, ws);
      return new Outcome(p.file(), p.alreadyIngested(), true, List.of());
    }
    ValidatedLabels v = p.validated();
    if (!v.bad().isEmpty() && policy == BadRowPolicy.FAIL) {
      BadRow first = v.bad().get(0);
      throw new BadInputException(p.file(), first.ref(), first.field(), first.problem() + " (" + v.bad().size()
          + " bad row(s) of " + v.rowsRead() + "; " + NOTHING_INGESTED + "; fix them, or --on-bad-row skip to ingest"
          + " the good rows)");
    }
    LabelManifest current = ws.labels().current();
    if (current.version() != p.manifest().version()) {
      throw new IllegalStateException("labels manifest moved from " + p.manifest().version() + " to "
          + current.version() + " while holding the workspace lock");
    }
    int seq = current.version() + 1;
    StringBuilder labels = new StringBuilder();
    v.accepted().forEach((id, names) -> {
      ObjectNode o = Json.mapper().createObjectNode();
      o.put("id", id);
      names.forEach(o.putArray("labels")::add);
      labels.append(Json.compact(o)).append('\n');
    });
    StringBuilder rejects = new StringBuilder();
    for (BadRow b : v.bad()) rejects.append(Json.compact(b)).append('\n');
    LabelIngestion entry = new LabelIngestion(seq, LabelManifest.labelsFileName(seq),
        LabelManifest.sourceCopyName(seq, new Path(p.file()).getName()),
        v.bad().isEmpty() ? null : LabelManifest.rejectsFileName(seq), ws.store().qualify(p.file()), p.sha256(),
        p.format().id(), v.newlyLabelled(), v.unchanged(), v.bad().size(), Instant.now().toString(),
        current.labelledCount() + v.newlyLabelled(), v.relabelled());
    LabelManifest next = ws.labels().append(current, entry, p.bytes(), labels.toString(), rejects.toString());
    LOG.info("ingested {} as #{}: {} new ids, {} relabelled, {} unchanged, {} rejected", p.file(), seq, entry.rows(),
        entry.relabelled(), entry.unchanged(), entry.rejected());
    try (StageScope s = StageScope.open(spark, "ingest-labels", "materialise the labelled set")) {
      LabelledSetWriter.write(spark, ws, next);
    }
    return new Outcome(p.file(), entry, false, v.bad());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String utf8(String file, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new BadInputException(file, null, null, "not UTF-8 text (save the file as UTF-8): " + e.getMessage());
    }
  }
}
