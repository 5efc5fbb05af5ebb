package org.ascmr.workspace;

import java.time.Duration;
import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;

/** Settings of the workspace commands (init, status, export-selection, ingest-labels, round). */
public record WorkspaceConfig(int staleLockHours, String imageUrlPrefix) {
  public static final Setting<Integer> STALE_LOCK_HOURS = Setting.ofInt("workspace.staleLockHours", 24,
      "age after which --break-lock may remove a lock held from another host (a round must finish sooner)",
      Check.atLeast(1));
  public static final Setting<String> IMAGE_URL_PREFIX = Setting.ofOptionalString("export.imageUrlPrefix",
      "prefix for image URLs in Label Studio tasks, replacing the bundle directory (e.g. /data/local-files/?d=clips/);"
          + " unset = the image file's full path");

  public static final List<Setting<?>> SETTINGS = List.of(STALE_LOCK_HOURS, IMAGE_URL_PREFIX);

  public WorkspaceConfig {
    STALE_LOCK_HOURS.check(staleLockHours);
  }

  public static WorkspaceConfig from(ConfigSource src) {
    return new WorkspaceConfig(src.get(STALE_LOCK_HOURS), src.get(IMAGE_URL_PREFIX));
  }

  public static WorkspaceConfig defaults() {
    return from(ConfigSource.empty());
  }

  public Duration staleLockAge() {
    return Duration.ofHours(staleLockHours);
  }
}
