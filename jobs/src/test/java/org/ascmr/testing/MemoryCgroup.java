package org.ascmr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Linux memory cgroup (v1) below this process's own, with a hard limit: what YARN's and
 * Kubernetes' container limits are. A process started in it ({@link #wrap}) is killed by the
 * kernel (SIGKILL, exit 137, not a word in its log) when its resident memory plus page cache it
 * cannot reclaim pass the limit. {@link #create} is empty where cgroups are not writable (not
 * root, cgroup v2 only, no memory controller).
 */
public final class MemoryCgroup implements AutoCloseable {
  private static final Path ROOT = Path.of("/sys/fs/cgroup/memory");
  private final Path dir;

  private MemoryCgroup(Path dir) {
    this.dir = dir;
  }

  /** A new cgroup {@code name} limited to {@code limitMiB} (memory and memory + swap), if this machine allows it. */
  public static Optional<MemoryCgroup> create(String name, long limitMiB) {
    try {
      Optional<Path> own = ownMemoryCgroup();
      if (own.isEmpty() || !Files.isWritable(own.get())) return Optional.empty();
      Path dir = own.get().resolve(name + "-" + ProcessHandle.current().pid());
      Files.createDirectories(dir);
      MemoryCgroup g = new MemoryCgroup(dir);
      long bytes = limitMiB << 20;
      Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(bytes));
      // With swap, the kernel would page the process out instead of killing it: cap memory + swap too.
      Path memsw = dir.resolve("memory.memsw.limit_in_bytes");
      if (Files.exists(memsw)) Files.writeString(memsw, Long.toString(bytes));
      return Optional.of(g);
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> ownMemoryCgroup() throws IOException {
    Path self = Path.of("/proc/self/cgroup");
    if (!Files.exists(self) || !Files.isDirectory(ROOT)) return Optional.empty();
    for (String line : Files.readAllLines(self)) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
        Path p = ROOT.resolve(f[2].startsWith("/") ? f[2].substring(1) : f[2]);
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code cmd} run by a shell that first moves itself into this cgroup (the JVM it execs inherits it). */
  public List<String> wrap(List<String> cmd) {
    StringBuilder quoted = new StringBuilder();
    for (String a : cmd) quoted.append(" '").append(a.replace("'", "'\\''")).append('\'');
    return List.of("sh", "-c", "echo $$ > '" + dir.resolve("cgroup.procs") + "' && exec" + quoted);
  }

  /** Peak memory charged to the cgroup so far, MiB. */
  public long peakMiB() {
    return read("memory.max_usage_in_bytes") >> 20;
  }

  /** How often the limit was hit (the kernel reclaimed or killed). */
  public long failures() {
    return read("memory.failcnt");
  }

  private long read(String file) {
    try {
      return Long.parseLong(Files.readString(dir.resolve(file)).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the cgroup (its processes must have ended). */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A process still in it keeps the directory busy; the next boot clears it.
    }
  }
}
