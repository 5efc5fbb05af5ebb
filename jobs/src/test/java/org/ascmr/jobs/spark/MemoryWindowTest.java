package org.ascmr.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.ascmr.io.ProcessMemory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stage's peak is the stage's own: a window that held 400 MiB of native memory reports it, and
 * the next window, opened after that memory was freed, does not inherit the process's peak.
 */
class MemoryWindowTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void aWindowSeesItsOwnPeakAndNotAnEarlierOne() throws InterruptedException {
    assumeTrue(ProcessMemory.now().isPresent(), "needs /proc/self/status");
    Nd4j.create(DataType.FLOAT, 1).close(); // load ND4J's native libraries before the first window
    long before;
    long heavy;
    try (MemoryWindow w = MemoryWindow.open()) {
      before = ProcessMemory.now().orElseThrow().rssBytes();
      try (INDArray big = Nd4j.create(DataType.FLOAT, 100L * MIB)) { // 400 MiB off-heap, every page touched
        big.assign(1f);
        Thread.sleep(3 * MemoryWindow.SAMPLE_MILLIS);
      }
      heavy = w.driverPeakBytes();
      assertEquals(w, MemoryWindow.current().orElseThrow());
    }
    assertTrue(heavy - before >= 350 * MIB, "the window holding 400 MiB saw only " + (heavy - before) / MIB + " MiB more");

    try (MemoryWindow light = MemoryWindow.open()) {
      Thread.sleep(3 * MemoryWindow.SAMPLE_MILLIS);
      long after = ProcessMemory.now().orElseThrow().rssBytes();
      long peak = light.driverPeakBytes();
      assertTrue(peak < heavy - 300 * MIB, "the later window reported " + peak / MIB + " MiB, the heavy one "
          + heavy / MIB + " MiB (resident now " + after / MIB + " MiB)");
      Map<String, Object> m = light.peaksMiB();
      long peakAfter = light.driverPeakBytes();
      // the window's sampler may raise its peak between these reads (a CI run saw 3117 then 3118
      // MiB): the reported value is the peak at some moment between them
      long reported = ((Number) m.get("driverPeakRssMiB")).longValue();
      assertTrue(reported >= ProcessMemory.mib(peak) && reported <= ProcessMemory.mib(peakAfter),
          "reported " + reported + " MiB, window peak " + ProcessMemory.mib(peak) + ".." + ProcessMemory.mib(peakAfter));
    }
    assertTrue(MemoryWindow.current().isEmpty());
  }

  @Test
  void executorReportsReachOnlyOpenWindows() {
    MemoryWindow.executorReport("0", 900 * MIB, 300 * MIB);
    try (MemoryWindow outer = MemoryWindow.open()) {
      MemoryWindow.executorReport("1", 500 * MIB, 200 * MIB);
      try (MemoryWindow inner = MemoryWindow.open()) {
        assertEquals(inner, MemoryWindow.current().orElseThrow());
        MemoryWindow.executorReport("2", 700 * MIB, 100 * MIB);
        assertEquals(700L, inner.peaksMiB().get("executorPeakRssMiB"));
        assertEquals(1, inner.peaksMiB().get("executors"));
      }
      assertEquals(outer, MemoryWindow.current().orElseThrow());
      assertEquals(700L, outer.peaksMiB().get("executorPeakRssMiB"));
      assertEquals(200L, outer.peaksMiB().get("executorPeakHeapMiB"));
      assertEquals(2, outer.peaksMiB().get("executors"));
    }
  }
}
