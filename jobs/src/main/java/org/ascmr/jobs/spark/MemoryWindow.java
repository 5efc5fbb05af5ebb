package org.ascmr.jobs.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ascmr.io.ProcessMemory;

/**
 * The peak memory of the driver and of the executors while one stage runs, so that a stage's
 * metadata says what that stage needed, not what the JVM needed since it started (a round runs
 * train, embed, score, density and allocate in one JVM; the process peak of allocate would be
 * score's).
 *
 * <p>Driver: the kernel keeps one process-wide peak (VmHWM) and cannot be asked for a window's, so
 * a window compares VmHWM at its start and end: if it rose, the process's new peak happened inside
 * the window and is exact; if not, the window's peak is the largest resident set a sampler saw
 * (every {@link #SAMPLE_MILLIS} ms, one daemon thread for all windows) or the resident set at the
 * end. Executors: {@link ExecutorMemoryListener} passes every executor-metrics report to the open
 * windows (reports carry the peak since the previous one, so nothing between two is missed).
 *
 * <p>Windows nest (a round's stages inside the round): each thread has a stack, and
 * {@link #current} is the innermost.
 */
public final class MemoryWindow implements AutoCloseable {
  static final long SAMPLE_MILLIS = 200;
  private static final Set<MemoryWindow> OPEN = ConcurrentHashMap.newKeySet();
  private static final ThreadLocal<Deque<MemoryWindow>> STACK = ThreadLocal.withInitial(ArrayDeque::new);
  private static volatile Thread sampler;

  private final long hwmAtStart;
  private final AtomicLong sampledRss = new AtomicLong();
  private final AtomicLong executorRss = new AtomicLong();
  private final AtomicLong executorHeap = new AtomicLong();
  private final Set<String> executors = ConcurrentHashMap.newKeySet();

  private MemoryWindow() {
    Optional<ProcessMemory> now = ProcessMemory.now();
    this.hwmAtStart = now.map(ProcessMemory::peakRssBytes).orElse(-1L);
    now.ifPresent(m -> sampledRss.set(m.rssBytes()));
  }

  /** Opens a window on this thread; close it (try-with-resources) when the stage ends. */
  public static MemoryWindow open() {
    MemoryWindow w = new MemoryWindow();
    STACK.get().push(w);
    OPEN.add(w);
    startSampler();
    return w;
  }

  /** The innermost window open on this thread, if any. */
  public static Optional<MemoryWindow> current() {
    return Optional.ofNullable(STACK.get().peek());
  }

  /** An executor's report: its peak resident set and heap since its previous report. */
  static void executorReport(String executor, long rss, long heap) {
    for (MemoryWindow w : OPEN) {
      w.executors.add(executor);
      w.executorRss.accumulateAndGet(rss, Math::max);
      w.executorHeap.accumulateAndGet(heap, Math::max);
    }
  }

  /** The driver's peak resident set in this window so far, bytes; -1 where /proc is not readable. */
  public long driverPeakBytes() {
    Optional<ProcessMemory> now = ProcessMemory.now();
    if (now.isEmpty() || hwmAtStart < 0) return -1;
    ProcessMemory m = now.get();
    if (m.peakRssBytes() > hwmAtStart) return m.peakRssBytes();
    return Math.max(sampledRss.get(), m.rssBytes());
  }

  /** {driverPeakRssMiB, executorPeakRssMiB, executorPeakHeapMiB, executors} of this window (executor keys once any reported). */
  public Map<String, Object> peaksMiB() {
    Map<String, Object> out = new LinkedHashMap<>();
    long driver = driverPeakBytes();
    if (driver >= 0) out.put("driverPeakRssMiB", ProcessMemory.mib(driver));
    if (!executors.isEmpty()) {
      out.put("executorPeakRssMiB", ProcessMemory.mib(executorRss.get()));
      out.put("executorPeakHeapMiB", ProcessMemory.mib(executorHeap.get()));
      out.put("executors", executors.size());
    }
    return out;
  }

  @Override
  public void close() {
    OPEN.remove(this);
    STACK.get().remove(this);
  }

  private static synchronized void startSampler() {
    if (sampler != null) return;
    Thread t = new Thread(() -> {
      while (true) {
        if (!OPEN.isEmpty()) {
          ProcessMemory.now().ifPresent(m -> {
            for (MemoryWindow w : OPEN) w.sampledRss.accumulateAndGet(m.rssBytes(), Math::max);
          });
        }
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "ascmr-memory-window-sampler");
    t.setDaemon(true);
    t.start();
    sampler = t;
  }
}
