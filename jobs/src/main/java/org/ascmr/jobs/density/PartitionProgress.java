package org.ascmr.jobs.density;

import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs rows done and rows/s of one partition's work at most every 15 s, and once at the end. */
final class PartitionProgress {
  private static final Logger LOG = LoggerFactory.getLogger("org.ascmr.progress");
  private static final long INTERVAL_NANOS = 15_000_000_000L;
  private final String what;
  private final long start = System.nanoTime();
  private long last = start;
  private long rows;

  PartitionProgress(String what) {
    TaskContext tc = TaskContext.get();
    this.what = what + (tc == null ? "" : " (partition " + tc.partitionId() + ")");
  }

  void add(long n) {
    rows += n;
    long now = System.nanoTime();
    if (now - last >= INTERVAL_NANOS) {
      last = now;
      log("");
    }
  }

  void done() {
    if (System.nanoTime() - start >= INTERVAL_NANOS) log(" done");
  }

  private void log(String suffix) {
    double s = (System.nanoTime() - start) / 1e9;
    LOG.info(String.format("%s%s: %,d rows in %.0f s (%,.0f rows/s)", what, suffix, rows, s, rows / Math.max(s, 1e-9)));
  }
}
