package org.ascmr.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ascmr.error.StateException;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.Json;

/**
 * The labels manifest: every ingestion so far, in order. Each ingestion writes a new
 * {@code manifest-NNNNNN.json} (never rewriting an old one); the highest number is current, so a
 * crash half-way through an ingestion leaves the previous manifest in force.
 */
public record LabelManifest(String kind, int formatVersion, List<LabelIngestion> ingestions) {
  public static final String KIND = "ascmr-label-manifest";
  public static final int FORMAT_VERSION = 1;
  public static final String PREFIX = "manifest-";
  public static final String SUFFIX = ".json";

  public LabelManifest {
    ingestions = ingestions == null ? List.of() : List.copyOf(ingestions);
  }

  public static LabelManifest empty() {
    return new LabelManifest(KIND, FORMAT_VERSION, List.of());
  }

  /** Version = number of ingestions; manifest-000000 is the empty one. */
  public int version() {
    return ingestions.size();
  }

  public static String fileName(int version) {
    return PREFIX + String.format("%06d", version) + SUFFIX;
  }

  /** Parses a manifest file name; -1 if it is not one. */
  public static int versionOf(String fileName) {
    if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) return -1;
    String digits = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
    if (digits.length() != 6 || !digits.chars().allMatch(Character::isDigit)) return -1;
    return Integer.parseInt(digits);
  }

  /** Names of the files of ingestion {@code seq}: NNNNNN.labels.jsonl, NNNNNN.source.ext, NNNNNN.rejects.jsonl. */
  public static String labelsFileName(int seq) {
    return String.format("%06d", seq) + ".labels.jsonl";
  }

  public static String sourceCopyName(int seq, String originalName) {
    int dot = originalName.lastIndexOf('.');
    String ext = dot < 0 ? "" : originalName.substring(dot);
    return String.format("%06d", seq) + ".source" + ext;
  }

  public static String rejectsFileName(int seq) {
    return String.format("%06d", seq) + ".rejects.jsonl";
  }

  /** The ingestion of exactly these bytes, if there was one. */
  public Optional<LabelIngestion> findBySha256(String sha256) {
    return ingestions.stream().filter(i -> i.sourceSha256().equals(sha256)).findFirst();
  }

  public LabelManifest append(LabelIngestion next) {
    if (next.seq() != ingestions.size() + 1) {
      throw new IllegalArgumentException("ingestion seq " + next.seq() + " after " + ingestions.size());
    }
    List<LabelIngestion> all = new ArrayList<>(ingestions);
    all.add(next);
    return new LabelManifest(kind, formatVersion, all);
  }

  public long labelledCount() {
    return ingestions.isEmpty() ? 0 : ingestions.get(ingestions.size() - 1).labelledTotal();
  }

  public Optional<LabelIngestion> last() {
    return ingestions.isEmpty() ? Optional.empty() : Optional.of(ingestions.get(ingestions.size() - 1));
  }

  /** Identity of the labelled set this manifest defines (inputs of the materialised table). */
  public String fingerprint() {
    return Fingerprint.ofJson(ingestions.stream().map(i -> i.seq() + ":" + i.sourceSha256() + ":" + i.rows()).toList());
  }

  public String toJson() {
    return Json.pretty(this);
  }

  public static LabelManifest parse(String json, String path) {
    LabelManifest m = Json.read(json, LabelManifest.class, path);
    if (!KIND.equals(m.kind())) {
      throw new StateException(path, "is not a labels manifest (kind '" + m.kind() + "', expected '" + KIND + "')");
    }
    if (m.formatVersion() > FORMAT_VERSION) {
      throw new StateException(path, "labels manifest format " + m.formatVersion() + " is newer than this build reads");
    }
    for (int i = 0; i < m.ingestions().size(); i++) {
      if (m.ingestions().get(i).seq() != i + 1) {
        throw new StateException(path, "ingestion " + (i + 1) + " has seq " + m.ingestions().get(i).seq());
      }
    }
    return m;
  }
}
