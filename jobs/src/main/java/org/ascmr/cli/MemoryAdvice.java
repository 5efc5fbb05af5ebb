package org.ascmr.cli;

import org.ascmr.io.ProcessMemory;

/**
 * Turns an out-of-memory failure into one line that says which limit was hit and which setting
 * raises it, instead of a stack trace (or, on a cluster, a container killed without a word). Spark
 * re-throws an executor's error as text inside a SparkException, so the whole cause chain's
 * messages are searched, not only the exception types.
 */
final class MemoryAdvice {
  /** JavaCPP's message when ND4J's native allocations pass org.bytedeco.javacpp.maxphysicalbytes. */
  static final String PHYSICAL = "Physical memory usage is too high";
  static final String HEAP = "Java heap space";
  static final String GC_OVERHEAD = "GC overhead limit exceeded";

  private MemoryAdvice() {}

  /** The advice for {@code failure}, or null when it is not an out-of-memory failure. */
  static String explain(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains(PHYSICAL)) {
        return "out of native memory (" + firstLine(m) + "): ND4J's off-heap buffers passed the cap of "
            + "-Dorg.bytedeco.javacpp.maxphysicalbytes; raise it (ASCMR_MAX_PHYSICAL for bin/ascmr, "
            + "spark.executor.extraJavaOptions and spark.executor.memoryOverhead on a cluster), or lower the "
            + "batch sizes (train.batchSize, score.scoreBatch)" + now();
      }
      if (t instanceof OutOfMemoryError || m.contains(HEAP) || m.contains(GC_OVERHEAD)) {
        return "out of JVM heap (" + firstLine(m) + "): raise the heap (ASCMR_DRIVER_MEMORY for bin/ascmr, "
            + "--driver-memory / spark.executor.memory on a cluster) or use more partitions" + now();
      }
    }
    return null;
  }

  private static String now() {
    return ProcessMemory.now().map(p -> "; this JVM: " + p.describe()).orElse("");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
