package org.ascmr.jobs.spark;

import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.ascmr.io.ProcessMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the Spark jobs of one stage in the UI and the logs ("ascmr score: ...") and logs its
 * wall time when closed. Use with try-with-resources around each stage's Spark work.
 */
public final class StageScope implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StageScope.class);
  private final SparkContext sc;
  private final String stage;
  private final long startNanos;
  private final String previousDescription;
  private final String previousGroup;
  private final MemoryWindow memory;
  private Throwable failure;

  private StageScope(SparkSession spark, String stage, String description) {
    this.sc = spark.sparkContext();
    this.stage = stage;
    this.previousDescription = sc.getLocalProperty("spark.job.description");
    this.previousGroup = sc.getLocalProperty("spark.jobGroup.id");
    sc.setJobGroup("ascmr-" + stage, "ascmr " + stage + ": " + description, false);
    this.startNanos = System.nanoTime();
    this.memory = MemoryWindow.open();
    LOG.info("stage {} started: {}", stage, description);
  }

  public static StageScope open(SparkSession spark, String stage, String description) {
    return new StageScope(spark, stage, description);
  }

  /** Re-labels the following Spark jobs of this stage (e.g. "epoch 3/40"). */
  public void step(String description) {
    sc.setJobDescription("ascmr " + stage + ": " + description);
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * Marks the stage as failed: close then logs "stage X failed after ..." instead of "finished".
   * Call it from a catch around the stage's work before rethrowing.
   */
  public void failed(Throwable cause) {
    this.failure = cause;
  }

  /**
   * ", driver: stage peak 640 MiB, peak resident 812 MiB, heap max 2048 MiB[, executors: stage peak
   * 1400 MiB]", or "" where /proc is not readable.
   */
  private String memory() {
    Map<String, Object> stagePeaks = memory.peaksMiB();
    String executors = stagePeaks.containsKey("executorPeakRssMiB") && !sc.isLocal()
        ? ", executors: stage peak " + stagePeaks.get("executorPeakRssMiB") + " MiB" : "";
    return ProcessMemory.now().map(m -> ", driver: " + (stagePeaks.containsKey("driverPeakRssMiB")
        ? "stage peak " + stagePeaks.get("driverPeakRssMiB") + " MiB, " : "") + m.describe() + executors).orElse("");
  }

  @Override
  public void close() {
    memory.close();
    if (failure != null) {
      LOG.warn("stage {} failed after {}: {}", stage, String.format("%.1f s", elapsedSeconds()), failure.getMessage());
    } else {
      String mem = memory();
      LOG.info("stage {} finished in {}{}", stage, String.format("%.1f s", elapsedSeconds()), mem);
    }
    if (previousGroup != null) {
      sc.setJobGroup(previousGroup, previousDescription == null ? "" : previousDescription, false);
    } else {
      sc.clearJobGroup();
    }
  }
}
