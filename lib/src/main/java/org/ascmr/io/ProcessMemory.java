package org.ascmr.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory of this JVM as the operating system counts it: resident set now and its peak since
 * the process started (Linux /proc/self/status VmRSS and VmHWM), beside the heap limit. YARN and
 * Kubernetes kill a container on its resident set, which includes everything the heap does not:
 * ND4J's native buffers, OpenBLAS and ONNX Runtime arenas, malloc arenas, thread stacks, code.
 * So the peak resident set, not the heap, is the number to size {@code memoryOverhead} from.
 */
public record ProcessMemory(long rssBytes, long peakRssBytes, long heapMaxBytes) {

  private static final Path STATUS = Path.of("/proc/self/status");

  /** The current figures; empty where /proc is not available (macOS, Windows). */
  public static Optional<ProcessMemory> now() {
    return read(STATUS);
  }

  static Optional<ProcessMemory> read(Path status) {
    if (!Files.isReadable(status)) return Optional.empty();
    try {
      return parse(Files.readAllLines(status), Runtime.getRuntime().maxMemory());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Parses the "VmRSS:  1234 kB" and "VmHWM:  5678 kB" lines of a status file. */
  static Optional<ProcessMemory> parse(List<String> lines, long heapMax) {
    long rss = -1;
    long hwm = -1;
    for (String line : lines) {
      if (line.startsWith("VmRSS:")) rss = kilobytes(line);
      else if (line.startsWith("VmHWM:")) hwm = kilobytes(line);
    }
    if (rss < 0 || hwm < 0) return Optional.empty();
    return Optional.of(new ProcessMemory(rss, Math.max(rss, hwm), heapMax));
  }

  private static long kilobytes(String line) {
    String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    return Long.parseLong(parts[0]) * 1024L;
  }

  /** The figures in MiB for metadata and logs, e.g. {peakRssMiB=812, rssMiB=640, heapMaxMiB=2048}. */
  public Map<String, Object> asMiB() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peakRssMiB", mib(peakRssBytes));
    m.put("rssMiB", mib(rssBytes));
    m.put("heapMaxMiB", mib(heapMaxBytes));
    return m;
  }

  /** "peak resident 812 MiB, heap max 2048 MiB", for log lines and error messages. */
  public String describe() {
    return String.format("peak resident %d MiB, heap max %d MiB", mib(peakRssBytes), mib(heapMaxBytes));
  }

  public static long mib(long bytes) {
    return Math.round(bytes / (1024.0 * 1024.0));
  }
}
