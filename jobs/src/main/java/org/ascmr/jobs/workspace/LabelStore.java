package org.ascmr.jobs.workspace;

import java.util.List;
import org.ascmr.error.StateException;
import org.ascmr.workspace.LabelIngestion;
import org.ascmr.workspace.LabelManifest;

/**
 * The append-only {@code labels/} directory: per ingestion an immutable labels file (plus the
 * uploaded source and any rejects), then a new manifest version listing all ingestions. Writing
 * the manifest is the commit point: files of an ingestion whose manifest never appeared are
 * ignored and overwritten by the next ingestion with that number.
 */
public final class LabelStore {
  private final StateFiles files;
  private final String dir;

  LabelStore(StateFiles files, String dir) {
    this.files = files;
    this.dir = dir;
  }

  public String dir() {
    return dir;
  }

  void initialise() {
    if (files.list(dir).stream().noneMatch(n -> LabelManifest.versionOf(n) >= 0)) {
      files.publish(dir + "/" + LabelManifest.fileName(0), LabelManifest.empty().toJson());
    }
  }

  /** The current manifest: the highest-numbered one. */
  public LabelManifest current() {
    int best = -1;
    for (String n : files.list(dir)) best = Math.max(best, LabelManifest.versionOf(n));
    if (best < 0) return LabelManifest.empty();
    String p = dir + "/" + LabelManifest.fileName(best);
    LabelManifest m = LabelManifest.parse(files.read(p).orElseThrow(), p);
    if (m.version() != best) {
      throw new StateException(p, "lists " + m.version() + " ingestions but is named version " + best);
    }
    return m;
  }

  public String path(String fileName) {
    return dir + "/" + fileName;
  }

  /** Full paths of the accepted-labels files the manifest lists, in ingestion order. */
  public List<String> labelFiles(LabelManifest m) {
    return m.ingestions().stream().map(i -> path(i.labelsFile())).toList();
  }

  /**
   * Writes one ingestion: source copy, labels, rejects (if any), then the next manifest. Leftovers
   * of an ingestion that crashed before its manifest are replaced.
   */
  LabelManifest append(LabelManifest current, LabelIngestion entry, byte[] source, String labelsJsonl,
      String rejectsJsonl) {
    LabelManifest next = current.append(entry);
    String manifest = path(LabelManifest.fileName(next.version()));
    if (files.exists(manifest)) {
      throw new StateException(manifest, "exists already: another run ingested at the same time (is the lock broken?)");
    }
    writeFresh(path(entry.sourceCopy()), source);
    writeFresh(path(entry.labelsFile()), labelsJsonl.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (entry.rejectsFile() != null) {
      writeFresh(path(entry.rejectsFile()), rejectsJsonl.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    files.publish(manifest, next.toJson());
    return next;
  }

  private void writeFresh(String p, byte[] content) {
    if (files.exists(p)) files.delete(p); // left by an ingestion that died before its manifest
    files.publish(p, content);
  }
}
