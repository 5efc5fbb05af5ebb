package org.ascmr.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ascmr.AscmrVersion;
import org.ascmr.error.StateException;

/**
 * The metadata.json beside every artefact we write: what it is, which build and settings made it,
 * from which inputs, and kind-specific details (dimensions, label names, ...). Loaders call
 * {@link #parse} with the kind they expect, so a model directory is never read as a pool.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Metadata(
    String kind,
    int formatVersion,
    String ascmr,
    String stage,
    String createdAt,
    Long seed,
    long rows,
    String configHash,
    Map<String, String> config,
    List<InputRef> inputs,
    Map<String, String> environment,
    Map<String, Object> details) {

  public static final String FILE_NAME = "metadata.json";

  public Metadata {
    config = config == null ? Map.of() : new TreeMap<>(config);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    environment = environment == null ? Map.of() : new TreeMap<>(environment);
    details = details == null ? Map.of() : new TreeMap<>(details);
  }

  /** Starts metadata for a new artefact of {@code kind} written by {@code stage}. */
  public static Metadata create(ArtifactKind kind, String stage, Long seed, long rows, Map<String, String> config,
      List<InputRef> inputs, Map<String, Object> details) {
    return new Metadata(kind.id(), kind.formatVersion(), AscmrVersion.VERSION, stage, Instant.now().toString(), seed,
        rows, Fingerprint.ofJson(config == null ? Map.of() : new TreeMap<>(config)), config, inputs,
        currentEnvironment(), details);
  }

  /** Floating-point results can differ across JVMs and CPUs: record them, as Tribuo does. */
  public static Map<String, String> currentEnvironment() {
    Map<String, String> env = new TreeMap<>();
    env.put("java", System.getProperty("java.version"));
    env.put("os.arch", System.getProperty("os.arch"));
    env.put("os.name", System.getProperty("os.name"));
    return env;
  }

  /**
   * Identity of the content for reruns and downstream inputs: kind, settings and inputs, but not
   * the time it was made, so an idempotent rerun yields the same fingerprint.
   */
  public String fingerprint() {
    Map<String, Object> id = new TreeMap<>();
    id.put("kind", kind);
    id.put("formatVersion", formatVersion);
    id.put("configHash", configHash);
    id.put("seed", seed);
    id.put("rows", rows);
    id.put("inputs", inputs.stream().map(i -> i.role() + "=" + i.fingerprint()).toList());
    return Fingerprint.ofJson(id);
  }

  /** Same settings and same inputs: a rerun would produce the same artefact. */
  public boolean sameRecipe(Metadata other) {
    return other != null && kind.equals(other.kind) && configHash.equals(other.configHash)
        && java.util.Objects.equals(seed, other.seed)
        && inputs.stream().map(InputRef::fingerprint).toList()
            .equals(other.inputs.stream().map(InputRef::fingerprint).toList());
  }

  public Metadata withDetails(Map<String, Object> more) {
    Map<String, Object> d = new TreeMap<>(details);
    d.putAll(more);
    return new Metadata(kind, formatVersion, ascmr, stage, createdAt, seed, rows, configHash, config, inputs,
        environment, d);
  }

  /** The same metadata without the named details (e.g. what the writing run measured, not what the artefact is). */
  public Metadata withoutDetails(java.util.Collection<String> names) {
    Map<String, Object> d = new TreeMap<>(details);
    d.keySet().removeAll(names);
    return new Metadata(kind, formatVersion, ascmr, stage, createdAt, seed, rows, configHash, config, inputs,
        environment, d);
  }

  public Metadata withRows(long newRows) {
    return new Metadata(kind, formatVersion, ascmr, stage, createdAt, seed, newRows, configHash, config, inputs,
        environment, details);
  }

  public String toJson() {
    return Json.pretty(this);
  }

  /** Typed view of one entry of {@link #details()}. */
  public <T> T detail(String name, Class<T> type) {
    Object v = details.get(name);
    return v == null ? null : Json.convert(v, type);
  }

  /**
   * Parses metadata read from {@code path} and checks it is of {@code expected} kind and a
   * format this build reads.
   */
  public static Metadata parse(String json, String path, ArtifactKind expected) {
    Metadata m = Json.read(json, Metadata.class, path);
    if (m.kind() == null) {
      throw new StateException(path, "not an ascmr artefact: metadata.json has no 'kind'");
    }
    if (expected != null && !expected.id().equals(m.kind())) {
      throw new StateException(path, "is a '" + m.kind() + "' artefact, expected '" + expected.id() + "'");
    }
    ArtifactKind kind = ArtifactKind.fromId(m.kind());
    if (kind != null && m.formatVersion() > kind.formatVersion()) {
      throw new StateException(path, "format version " + m.formatVersion() + " of '" + m.kind()
          + "' is newer than this build reads (" + kind.formatVersion() + "); upgrade ascmr");
    }
    return m;
  }
}
