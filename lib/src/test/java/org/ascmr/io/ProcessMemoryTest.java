package org.ascmr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void parsesResidentAndPeakFromAStatusFile() {
    Optional<ProcessMemory> m = ProcessMemory.parse(List.of("Name:\tjava", "VmPeak:\t 9000000 kB",
        "VmHWM:\t  2048000 kB", "VmRSS:\t  1024000 kB", "Threads:\t42"), 4L << 30);
    assertTrue(m.isPresent());
    assertEquals(1024000L * 1024, m.get().rssBytes());
    assertEquals(2048000L * 1024, m.get().peakRssBytes());
    assertEquals(2000L, m.get().asMiB().get("peakRssMiB"));
    assertEquals(4096L, m.get().asMiB().get("heapMaxMiB"));
  }

  @Test
  void missingLinesMeanNoFigureNotZero() {
    assertTrue(ProcessMemory.parse(List.of("Name:\tjava", "VmRSS:\t 10 kB"), 1).isEmpty());
    assertTrue(ProcessMemory.read(Path.of("/no/such/status")).isEmpty());
  }

  @Test
  void thisJvmsPeakIsAtLeastItsHeapInUse() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux /proc only");
    ProcessMemory m = ProcessMemory.now().orElseThrow();
    Runtime rt = Runtime.getRuntime();
    long heapInUse = rt.totalMemory() - rt.freeMemory();
    // The resident set holds at least the touched heap (less what the OS may have swapped out).
    assertTrue(m.peakRssBytes() >= m.rssBytes(), "peak below current");
    assertTrue(m.rssBytes() > heapInUse / 4, "RSS " + m.rssBytes() + " vs heap in use " + heapInUse);
  }
}
