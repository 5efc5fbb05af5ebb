package org.ascmr.jobs.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs partitions done, rows read and an ETA for each running Spark stage, at most every few
 * seconds, so long work is visible in the driver log (and in Airflow's task log) without the UI;
 * a finished stage that ran at least that long or wrote 64 MB of shuffle logs its shuffle volume.
 */
public final class ProgressListener extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger("org.ascmr.progress");
  private static final long INTERVAL_NANOS = 5_000_000_000L;
  private static final long SHUFFLE_LOG_BYTES = 64L << 20;
  private static final Map<SparkContext, Boolean> INSTALLED = new ConcurrentHashMap<>();

  private final Map<Integer, StageProgress> stages = new ConcurrentHashMap<>();

  private static final class StageProgress {
    final String name;
    final int tasks;
    final long start = System.nanoTime();
    int done;
    long records;
    long lastLog = System.nanoTime();

    StageProgress(String name, int tasks) {
      this.name = name;
      this.tasks = tasks;
    }
  }

  static void installOn(SparkContext sc) {
    if (INSTALLED.putIfAbsent(sc, Boolean.TRUE) == null) sc.addSparkListener(new ProgressListener());
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    StageInfo info = event.stageInfo();
    String description = event.properties() == null ? null
        : event.properties().getProperty("spark.job.description");
    String name = (description == null ? "" : description + " / ") + info.name();
    stages.put(info.stageId(), new StageProgress(name, info.numTasks()));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    StageProgress p = stages.get(event.stageId());
    if (p == null) return;
    synchronized (p) {
      if (event.taskInfo().successful()) p.done++;
      if (event.taskMetrics() != null) {
        p.records += event.taskMetrics().inputMetrics().recordsRead()
            + event.taskMetrics().shuffleReadMetrics().recordsRead();
      }
      long now = System.nanoTime();
      if (now - p.lastLog >= INTERVAL_NANOS && p.done < p.tasks) {
        p.lastLog = now;
        double elapsed = (now - p.start) / 1e9;
        double eta = p.done == 0 ? Double.NaN : elapsed / p.done * (p.tasks - p.done);
        LOG.info(String.format("%s: %d/%d partitions, %d rows read, %.0f s elapsed, ETA %.0f s", p.name, p.done,
            p.tasks, p.records, elapsed, eta));
      }
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    StageProgress p = stages.remove(event.stageInfo().stageId());
    long shuffleBytes = 0;
    long shuffleRows = 0;
    if (event.stageInfo().taskMetrics() != null) {
      shuffleBytes = event.stageInfo().taskMetrics().shuffleWriteMetrics().bytesWritten();
      shuffleRows = event.stageInfo().taskMetrics().shuffleWriteMetrics().recordsWritten();
    }
    // the shuffle volume is what sizes executors' disks and networks on a cluster (docs/scaling.md)
    if (p != null && ((System.nanoTime() - p.start) >= INTERVAL_NANOS || shuffleBytes >= SHUFFLE_LOG_BYTES)) {
      String shuffle = shuffleBytes == 0 ? "" : String.format(", shuffle written %.1f MB in %d rows (%.0f bytes/row)",
          shuffleBytes / 1e6, shuffleRows, shuffleBytes / (double) Math.max(1, shuffleRows));
      LOG.info(String.format("%s: done, %d partitions in %.1f s%s", p.name, p.tasks,
          (System.nanoTime() - p.start) / 1e9, shuffle));
    }
  }
}
