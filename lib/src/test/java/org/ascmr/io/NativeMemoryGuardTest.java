package org.ascmr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeMemoryGuardTest {
  private static final long MIB = 1L << 20;

  @Test
  void theLimitIsTheHeapPlusOneGibUnlessSet() {
    assertEquals((2L << 30) + (1L << 30), NativeMemoryGuard.limitBytes(null, 2L << 30));
    assertEquals(3000L << 20, NativeMemoryGuard.limitBytes(" 3000 ", 2L << 30));
    assertEquals(0L, NativeMemoryGuard.limitBytes("0", 2L << 30), "0 switches the guard off");
  }

  @Test
  void aBadValueNamesTheProperty() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NativeMemoryGuard.limitBytes("3g", 1L << 30));
    assertTrue(e.getMessage().contains(NativeMemoryGuard.PROPERTY) && e.getMessage().contains("3g"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NativeMemoryGuard.limitBytes("-1", 1L << 30));
  }

  /**
   * The property users rely on: ND4J garbage does not pile up past the limit. 1.5 GiB of short-lived
   * 16 MiB arrays (each written, so resident) while the heap sees only their small wrappers: with the
   * guard the resident set stays near the limit.
   */
  @Test
  void deadNd4jBuffersAreFreedNearTheLimit() {
    assumeTrue(ProcessMemory.now().isPresent(), "Linux /proc only");
    System.gc();
    long base = ProcessMemory.now().orElseThrow().rssBytes();
    long limit = base + 256 * MIB;
    NativeMemoryGuard guard = new NativeMemoryGuard(limit, 1_000_000L, 20_000_000L);
    long peak = 0;
    for (int i = 0; i < 96; i++) {
      INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 4L * MIB);
      a.assign(i);
      guard.checkNow();
      peak = Math.max(peak, ProcessMemory.now().orElseThrow().rssBytes());
    }
    assertTrue(guard.collectionsHere() > 0, "no collection was triggered");
    // Between two reads at most a few arrays are allocated: the peak stays within 0.5 GiB of the limit; without
    // the guard it would reach the 1.5 GiB written.
    assertTrue(peak < limit + 768 * MIB, "peak " + peak / MIB + " MiB, limit " + limit / MIB + " MiB");
  }
}
