package org.ascmr.jobs.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.ascmr.io.ProcessMemory;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * Peak memory of each executor as Spark's executor metrics report it: the resident set of the
 * executor's process tree (needs spark.executor.processTreeMetrics.enabled, which
 * {@link SparkSessions} sets) and the JVM heap. Task ends carry the executor's peaks during the
 * task, heartbeats the peaks in between, so short stages are not missed. In local mode the
 * "executor" is the driver JVM itself.
 *
 * <p>One listener per JVM (a CLI run has one SparkContext): the peaks are process-wide and read by
 * whoever writes a stage's metadata, without passing the context around.
 */
public final class ExecutorMemoryListener extends SparkListener {
  static final String RSS = "ProcessTreeJVMRSSMemory";
  static final String HEAP = "JVMHeapMemory";
  private static final Map<SparkContext, ExecutorMemoryListener> INSTALLED = new ConcurrentHashMap<>();
  private static volatile ExecutorMemoryListener latest;

  private final Map<String, long[]> peaks = new ConcurrentHashMap<>();

  static void installOn(SparkContext sc) {
    INSTALLED.computeIfAbsent(sc, c -> {
      ExecutorMemoryListener l = new ExecutorMemoryListener();
      c.addSparkListener(l);
      latest = l;
      return l;
    });
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    if (event.taskInfo() != null) record(event.taskInfo().executorId(), event.taskExecutorMetrics());
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
    Iterator<Tuple2<Tuple2<Object, Object>, ExecutorMetrics>> it = event.executorUpdates().iterator();
    while (it.hasNext()) record(event.execId(), it.next()._2());
  }

  private void record(String executor, ExecutorMetrics metrics) {
    if (executor == null || metrics == null) return;
    long rss = metrics.getMetricValue(RSS);
    long heap = metrics.getMetricValue(HEAP);
    peaks.merge(executor, new long[] {rss, heap}, (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
    MemoryWindow.executorReport(executor, rss, heap);
  }

  /**
   * Peak resident set and heap over all executors seen so far, in MiB ({@code executorPeakRssMiB},
   * {@code executorPeakHeapMiB}, {@code executors}); empty when no executor reported yet. A
   * resident set of 0 means the process-tree metrics were off or unreadable (non-Linux).
   */
  public static Map<String, Object> peaksMiB() {
    ExecutorMemoryListener l = latest;
    Map<String, Object> out = new LinkedHashMap<>();
    if (l == null || l.peaks.isEmpty()) return out;
    long rss = 0;
    long heap = 0;
    for (long[] p : l.peaks.values()) {
      rss = Math.max(rss, p[0]);
      heap = Math.max(heap, p[1]);
    }
    out.put("executorPeakRssMiB", ProcessMemory.mib(rss));
    out.put("executorPeakHeapMiB", ProcessMemory.mib(heap));
    out.put("executors", l.peaks.size());
    return out;
  }

  /**
   * What a stage's metadata records: the driver's own figures (from /proc) and the executors'
   * peaks since the JVM and the application started, and under {@code "stage"} the peaks of the
   * innermost open {@link MemoryWindow} (the stage alone), when there is one.
   */
  public static Map<String, Object> stageMemory() {
    Map<String, Object> out = new LinkedHashMap<>();
    ProcessMemory.now().ifPresent(m -> m.asMiB().forEach((k, v) -> out.put("driver" + capitalise(k), v)));
    out.putAll(peaksMiB());
    MemoryWindow.current().map(MemoryWindow::peaksMiB).filter(p -> !p.isEmpty()).ifPresent(p -> out.put(STAGE, p));
    return out;
  }

  /** The key of the stage's own peaks in {@link #stageMemory}. */
  public static final String STAGE = "stage";

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
