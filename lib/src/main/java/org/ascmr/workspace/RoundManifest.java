package org.ascmr.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ascmr.error.StateException;
import org.ascmr.io.Json;

/** {@code rounds/<n>/manifest.json}: one record per stage of round n, in the order they first ran. */
public record RoundManifest(String kind, int formatVersion, int round, List<StageRecord> stages) {
  public static final String KIND = "ascmr-round-manifest";
  public static final int FORMAT_VERSION = 1;

  public RoundManifest {
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  public static RoundManifest empty(int round) {
    return new RoundManifest(KIND, FORMAT_VERSION, round, List.of());
  }

  public Optional<StageRecord> stage(String name) {
    return stages.stream().filter(s -> s.stage().equals(name)).findFirst();
  }

  /** Replaces the record of {@code record.stage()} (or appends it). */
  public RoundManifest with(StageRecord record) {
    List<StageRecord> out = new ArrayList<>();
    boolean replaced = false;
    for (StageRecord s : stages) {
      if (s.stage().equals(record.stage())) {
        out.add(record);
        replaced = true;
      } else {
        out.add(s);
      }
    }
    if (!replaced) out.add(record);
    return new RoundManifest(kind, formatVersion, round, out);
  }

  /** The selection exists: the allocate stage succeeded. */
  public boolean hasSelection() {
    return stage(WorkspaceLayout.SELECTION_STAGE).map(s -> s.status() == StageStatus.SUCCEEDED).orElse(false);
  }

  public String toJson() {
    return Json.pretty(this);
  }

  public static RoundManifest parse(String json, String path) {
    RoundManifest m = Json.read(json, RoundManifest.class, path);
    if (!KIND.equals(m.kind())) {
      throw new StateException(path, "is not a round manifest (kind '" + m.kind() + "', expected '" + KIND + "')");
    }
    if (m.formatVersion() > FORMAT_VERSION) {
      throw new StateException(path, "round manifest format " + m.formatVersion() + " is newer than this build reads");
    }
    return m;
  }
}
