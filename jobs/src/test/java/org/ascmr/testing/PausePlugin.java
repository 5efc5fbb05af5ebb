package org.ascmr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin for the fault tests only (never on a production classpath), enabled with
 * {@code --set spark.conf.spark.plugins=org.ascmr.testing.PausePlugin}: the first task of any job
 * whose description contains {@value #PAUSE_IN_JOB} (e.g. "score the unlabelled pairs", as
 * StageScope names the score stage's main job) creates the file {@value #PAUSE_MARKER} and then
 * sleeps, so a test can kill the driver in the middle of that stage. With {@value #PAUSE_ONCE}
 * {@code = true} only the first such task of the application pauses (executors on one machine
 * share the marker: whoever creates it pauses, the others and the retries go on) and the marker
 * names that executor's process id, so a test can kill the executor's worker. (Spark logs and
 * swallows exceptions thrown by plugins, so task failures are injected by
 * {@link FaultyLocalFileSystem}.)
 */
public final class PausePlugin implements SparkPlugin {
  public static final String PAUSE_IN_JOB = "spark.ascmr.test.pauseInJob";
  public static final String PAUSE_MARKER = "spark.ascmr.test.pauseMarker";
  public static final String PAUSE_ONCE = "spark.ascmr.test.pauseOnce";
  /** The marker's line starts with this, then the pausing JVM's process id. */
  public static final String PID = "pid ";

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Pause();
  }

  static final class Pause implements ExecutorPlugin {
    private String pauseInJob;
    private String marker;
    private boolean once;

    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      SparkConf conf = ctx.conf();
      pauseInJob = conf.get(PAUSE_IN_JOB, null);
      marker = conf.get(PAUSE_MARKER, null);
      once = conf.getBoolean(PAUSE_ONCE, false);
    }

    @Override
    public void onTaskStart() {
      TaskContext tc = TaskContext.get();
      String description = tc == null ? null : tc.getLocalProperty("spark.job.description");
      if (pauseInJob == null || marker == null || description == null || !description.contains(pauseInJob)) return;
      try {
        Files.writeString(Path.of(marker), PID + ProcessHandle.current().pid() + " paused in '" + description
            + "' stage " + tc.stageId() + " partition " + tc.partitionId() + "\n", StandardCharsets.UTF_8,
            once ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread.sleep(Long.MAX_VALUE); // until the test kills the driver (or this executor)
      } catch (FileAlreadyExistsException e) {
        return; // once: another task paused first
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
