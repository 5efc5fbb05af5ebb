package org.ascmr.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.TaskContext;

/**
 * The local filesystem with injected I/O failures, for the fault tests only: a driver started
 * with {@code --set spark.conf.spark.hadoop.fs.file.impl=org.ascmr.testing.FaultyLocalFileSystem}
 * reads and writes file: paths through it. Inside a Spark task of a listed stage (the job group
 * {@code ascmr-<stage>} StageScope sets), the FIRST attempt of every even-numbered partition
 * fails its first open or create with an IOException, as a flaky disk or datanode would: the task
 * fails inside its body and Spark retries it (spark.task.maxFailures > 1, e.g. master
 * {@code local[2,4]}). Driver-side access (no task) is never failed. Hadoop settings:
 * <ul>
 *   <li>{@value #FAIL_FIRST_ATTEMPT}: stages, comma separated (e.g. {@code score,density});</li>
 *   <li>{@value #FAULT_LOG}: a file that gets one line per injected failure.</li>
 * </ul>
 */
public class FaultyLocalFileSystem extends LocalFileSystem {
  public static final String FAIL_FIRST_ATTEMPT = "ascmr.test.failFirstAttempt";
  public static final String FAULT_LOG = "ascmr.test.faultLog";
  /** Start of the message of an injected failure. */
  public static final String INJECTED = "injected I/O failure (FaultyLocalFileSystem)";

  private Set<String> stages = Set.of();
  private String faultLog;

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    stages = Arrays.stream(conf.get(FAIL_FIRST_ATTEMPT, "").split("[,|\\s]+")).map(String::trim)
        .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    faultLog = conf.get(FAULT_LOG);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    maybeFail("open", f);
    return super.open(f, bufferSize);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    maybeFail("create", f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  private void maybeFail(String op, Path f) throws IOException {
    TaskContext tc = TaskContext.get();
    if (tc == null || stages.isEmpty() || tc.attemptNumber() != 0 || tc.partitionId() % 2 != 0) return;
    String group = tc.getLocalProperty("spark.jobGroup.id");
    String stage = group != null && group.startsWith("ascmr-") ? group.substring("ascmr-".length()) : null;
    if (stage == null || !stages.contains(stage)) return;
    String what = stage + " stage " + tc.stageId() + " partition " + tc.partitionId() + " attempt 0: " + op + " "
        + f.getName();
    if (faultLog != null) {
      synchronized (FaultyLocalFileSystem.class) {
        Files.writeString(java.nio.file.Path.of(faultLog), what + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    }
    throw new IOException(INJECTED + ": " + what);
  }
}
