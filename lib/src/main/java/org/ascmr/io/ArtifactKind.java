package org.ascmr.io;

import java.util.Locale;

/** What an artefact directory holds; loaders check it before reading anything else. */
public enum ArtifactKind {
  POOL(1),
  LABELLED_SET(1),
  RETRIEVAL_MODEL(1),
  EMBEDDINGS(1),
  INFORMATIVENESS_MODEL(1),
  SCORES(1),
  DENSITY(1),
  SELECTION(1),
  ANNOTATION_EXPORT(1),
  REJECTS(1),
  EXPERIMENT(1);

  private final int formatVersion;

  ArtifactKind(int formatVersion) {
    this.formatVersion = formatVersion;
  }

  /** The format version this build writes and the newest it can read. */
  public int formatVersion() {
    return formatVersion;
  }

  /** The spelling in metadata.json, e.g. "labelled-set". */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ArtifactKind fromId(String id) {
    for (ArtifactKind k : values()) if (k.id().equals(id)) return k;
    return null;
  }
}
