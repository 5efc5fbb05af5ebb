package org.ascmr.io;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the native memory ND4J holds as garbage. ND4J 1.0.0-M2.1 allocates every array's buffer
 * outside the heap and frees it only when the Java object wrapping it is collected (its
 * DeallocatorService); JavaCPP's {@code maxbytes}/{@code maxphysicalbytes} do not count these
 * buffers (they are allocated by libnd4j, not through JavaCPP pointers), and the CPU backend never
 * runs its "periodic GC". With a roomy heap and small Java wrappers the collector has no reason to
 * run, so dead buffers pile up: the quick-start experiment grew to 13-15 GB resident with a 4 GB
 * heap. The training, scoring and embedding loops call {@link #check()} once per batch: when the
 * process's resident set passes the limit, a collection frees the dead buffers.
 *
 * <p>The limit is {@code -Dascmr.memory.gcAboveMiB} (0 switches the guard off), by default the
 * heap limit plus 1 GiB. The resident set is read at most every 100 ms and a collection runs at most
 * every 2 s; when a collection does not bring the resident set under the limit (the arrays are
 * live, not garbage) the interval doubles up to a minute and one warning says so, so a job that
 * legitimately needs more is slowed by at most an occasional collection.
 */
public final class NativeMemoryGuard {
  private static final Logger LOG = LoggerFactory.getLogger(NativeMemoryGuard.class);
  public static final String PROPERTY = "ascmr.memory.gcAboveMiB";
  private static final long READ_EVERY_NANOS = 100_000_000L;
  private static final long MIN_GC_INTERVAL_NANOS = 2_000_000_000L;
  private static final long MAX_GC_INTERVAL_NANOS = 60_000_000_000L;
  private static final NativeMemoryGuard PROCESS = new NativeMemoryGuard(
      limitBytes(System.getProperty(PROPERTY), Runtime.getRuntime().maxMemory()), READ_EVERY_NANOS,
      MIN_GC_INTERVAL_NANOS);

  private final long limit;
  private final long readEvery;
  private final long minInterval;
  private final AtomicLong lastRead = new AtomicLong(System.nanoTime());
  private final AtomicLong lastGc = new AtomicLong(System.nanoTime() - MAX_GC_INTERVAL_NANOS);
  private final AtomicLong interval;
  private final AtomicLong collections = new AtomicLong();
  private final AtomicBoolean pendingVerdict = new AtomicBoolean();
  private volatile boolean warned;

  /** A guard with its own limit and rates (the process-wide one is {@link #check()}); for tests and tools. */
  NativeMemoryGuard(long limitBytes, long readEveryNanos, long minGcIntervalNanos) {
    this.limit = limitBytes;
    this.readEvery = readEveryNanos;
    this.minInterval = minGcIntervalNanos;
    this.interval = new AtomicLong(minGcIntervalNanos);
  }

  /** The limit in bytes for a property value (MiB; null = heap + 1 GiB; 0 = off, returned as 0). */
  static long limitBytes(String property, long heapMax) {
    if (property == null || property.isBlank()) return heapMax + (1L << 30);
    long mib;
    try {
      mib = Long.parseLong(property.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number of MiB (0 = off), was '"
          + property + "'");
    }
    if (mib < 0) throw new IllegalArgumentException("-D" + PROPERTY + " must be >= 0, was " + mib);
    return mib << 20;
  }

  /** The process-wide limit in force, in bytes; 0 when the guard is off. */
  public static long limit() {
    return PROCESS.limit;
  }

  /** Collections the process-wide guard has triggered in this JVM (for logs and tests). */
  public static long collections() {
    return PROCESS.collections.get();
  }

  /** The process-wide guard, once per batch: at most one /proc read per 100 ms, a collection only when due. */
  public static void check() {
    PROCESS.checkNow();
  }

  long collectionsHere() {
    return collections.get();
  }

  void checkNow() {
    if (limit <= 0) return;
    long now = System.nanoTime();
    long read = lastRead.get();
    if (now - read < readEvery || !lastRead.compareAndSet(read, now)) return;
    boolean judge = pendingVerdict.getAndSet(false);
    if (!judge && now - lastGc.get() < interval.get()) return;
    long rss = ProcessMemory.now().map(ProcessMemory::rssBytes).orElse(0L);
    if (judge) {
      // ND4J frees the buffers on its deallocator thread after the collection: judge at the next read.
      if (rss > limit) backOff(rss);
      else interval.set(minInterval);
      return;
    }
    if (rss <= limit) return;
    lastGc.set(now);
    System.gc();
    collections.incrementAndGet();
    pendingVerdict.set(true);
  }

  private void backOff(long rss) {
    interval.set(Math.min(MAX_GC_INTERVAL_NANOS, interval.get() * 2));
    if (!warned) {
      warned = true;
      LOG.warn("resident memory {} MiB stays above {} MiB after a collection: the native arrays are live, not "
          + "garbage; raise -D{} (and the container's memory overhead) if this is expected",
          ProcessMemory.mib(rss), ProcessMemory.mib(limit), PROPERTY);
    }
  }
}
