package org.ascmr.jobs.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ascmr.data.PoolInfo;
import org.ascmr.data.Reject;
import org.ascmr.data.Split;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.InputRef;
import org.ascmr.io.Metadata;

/**
 * Short human-readable summaries of artefacts from their metadata alone (no data is read): what
 * {@code extract} and {@code import-mat} print at the end and what {@code ascmr describe} shows.
 */
public final class PoolSummary {
  /** Pool metadata detail: labelled rows (labels not null) per split. */
  public static final String LABELLED_COUNTS = "labelledCounts";
  /** Pool metadata detail: number of rows written to rejects.jsonl. */
  public static final String REJECTS = "rejects";
  /** Pool metadata detail: lines (or rows) in the main input file. */
  public static final String INPUT_LINES = "inputLines";

  private PoolSummary() {}

  /** The pool part: rows per split, labelled counts, labels, dims, vocabulary, rejects. */
  @SuppressWarnings("unchecked")
  public static List<String> pool(String path, Metadata md) {
    List<String> out = new ArrayList<>();
    PoolInfo info = md.detail(PoolInfo.DETAIL_KEY, PoolInfo.class);
    if (info == null) {
      out.add("  (no details." + PoolInfo.DETAIL_KEY + " in its metadata)");
      return out;
    }
    Map<String, Object> labelled = md.detail(LABELLED_COUNTS, Map.class);
    StringBuilder splits = new StringBuilder();
    long unlabelled = 0;
    long labelledTotal = 0;
    for (Split s : Split.values()) {
      long n = info.splitCounts().getOrDefault(s.id(), 0L);
      Object l = labelled == null ? null : labelled.get(s.id());
      long nl = l == null ? n : ((Number) l).longValue();
      labelledTotal += nl;
      unlabelled += n - nl;
      if (splits.length() > 0) splits.append(", ");
      splits.append(s.id()).append(' ').append(n).append(" (").append(nl).append(" labelled)");
    }
    out.add(String.format("  rows         %d: %s", md.rows(), splits));
    out.add(String.format("  labelled     %d labelled, %d unlabelled", labelledTotal, unlabelled));
    out.add(String.format("  labels       %d", info.numLabels()));
    out.add(String.format("  image        %d dims: %s", info.imageDim(), info.imageFeatures()));
    out.add(String.format("  text         %d dims: %s", info.textDim(), info.textFeatures()));
    out.add(String.format("  vocabulary   %d terms", info.vocabulary().size()));
    Object rejects = md.details().get(REJECTS);
    if (rejects != null) {
      long n = ((Number) rejects).longValue();
      out.add(String.format("  rejects      %d%s", n, n > 0 ? " (see " + path + "/" + Reject.FILE_NAME + ")" : ""));
    }
    for (String note : info.notes()) out.add("  note         " + note);
    valWarning(md).ifPresent(w -> out.add("  warning      " + w));
    return out;
  }

  /**
   * A warning when the pool's metadata says its val split has no labelled row: train (and so every
   * round after the bootstrap) needs labelled val rows for early stopping and model selection, and
   * would otherwise fail only then. Empty when there are labelled val rows or the metadata does
   * not count them.
   */
  @SuppressWarnings("unchecked")
  public static java.util.Optional<String> valWarning(Metadata md) {
    PoolInfo info = md.detail(PoolInfo.DETAIL_KEY, PoolInfo.class);
    Map<String, Object> labelled = md.detail(LABELLED_COUNTS, Map.class);
    if (info == null || labelled == null) return java.util.Optional.empty();
    Object l = labelled.get(Split.VAL.id());
    long valLabelled = l == null ? 0 : ((Number) l).longValue();
    if (valLabelled > 0) return java.util.Optional.empty();
    return java.util.Optional.of(noLabelledVal(info.splitCounts().getOrDefault(Split.VAL.id(), 0L)));
  }

  /** The message of {@link #valWarning}, for {@code valRows} val rows none of which is labelled. */
  public static String noLabelledVal(long valRows) {
    return "no labelled val rows (" + valRows + " val rows, 0 labelled): train needs at least "
        + MIN_LABELLED_VAL + " labelled val row for early stopping and model selection (a few hundred give a"
        + " stable val mAP), so every round after the bootstrap would fail; in a workspace, label a val sample"
        + " (ascmr export-selection --workspace <ws> --split val, then ingest-labels), or give val pairs their"
        + " labels in the pairs bundle (or the MAT lists) and extract (import-mat) again";
  }

  /** Labelled val rows train needs at the least. */
  public static final int MIN_LABELLED_VAL = 1;

  /** Any artefact: kind, rows, stage, inputs; for pools also {@link #pool}. */
  public static List<String> describe(String path, Metadata md) {
    List<String> out = new ArrayList<>();
    out.add(String.format("%s  (%s, format %d, ascmr %s)", path, md.kind(), md.formatVersion(), md.ascmr()));
    out.add(String.format("  stage        %s, created %s", md.stage(), md.createdAt()));
    boolean pool = ArtifactKind.POOL.id().equals(md.kind());
    if (!pool) out.add(String.format("  rows         %d", md.rows()));
    if (md.seed() != null) out.add(String.format("  seed         %d", md.seed()));
    out.add(String.format("  settings     %d keys, hash %s", md.config().size(), shortHash(md.configHash())));
    for (InputRef in : md.inputs()) {
      out.add(String.format("  input        %s: %s (%d rows, sha256 %s)", in.role(), in.path(), in.rows(),
          shortHash(in.fingerprint())));
    }
    if (pool) out.addAll(pool(path, md));
    return out;
  }

  private static String shortHash(String h) {
    return h == null ? "-" : h.length() > 12 ? h.substring(0, 12) : h;
  }
}
