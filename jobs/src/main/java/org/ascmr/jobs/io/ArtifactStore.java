package org.ascmr.jobs.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ascmr.error.StateException;
import org.ascmr.io.ArtifactKind;
import org.ascmr.io.Metadata;
import org.ascmr.jobs.spark.ExecutorMemoryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artefact directories on any Hadoop filesystem (local, HDFS, S3): each holds a metadata.json and
 * its data. New content is built in a hidden temporary directory beside the target and swapped in
 * by rename, so a failed run never leaves a half-written artefact and never clobbers the previous
 * one; metadata.json is written last and marks a directory as complete.
 */
public final class ArtifactStore {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactStore.class);
  private static final String TMP_PREFIX = "._tmp-";
  private static final String OLD_PREFIX = "._old-";
  private static final long STALE_TMP_MILLIS = 24L * 3600 * 1000;
  /** The details entry with the writing run's peak memory: a record of the run, not of the content. */
  public static final String MEMORY_DETAIL = "memory";

  /** What a stage should do about its output. */
  public enum Decision {
    /** Build the output (absent, or replacing on request). */
    WRITE,
    /** The output exists and was made by the same settings from the same inputs: nothing to do. */
    UP_TO_DATE
  }

  /**
   * Writes the content of an artefact into the (temporary) directory it is given and returns the
   * metadata to record, which may carry what only writing revealed (row counts, timings).
   */
  @FunctionalInterface
  public interface Writer {
    Metadata writeTo(String dir) throws IOException;
  }

  private final Configuration hadoop;

  public ArtifactStore(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** The Hadoop configuration paths are resolved with (Spark's, with its spark.hadoop.* settings). */
  public Configuration hadoopConf() {
    return hadoop;
  }

  public FileSystem fs(String path) {
    try {
      return new Path(path).getFileSystem(hadoop);
    } catch (IOException e) {
      throw new StateException(path, "cannot open its filesystem: " + e.getMessage(), e);
    }
  }

  public boolean exists(String path) {
    try {
      return fs(path).exists(new Path(path));
    } catch (IOException e) {
      throw new StateException(path, "cannot check existence: " + e.getMessage(), e);
    }
  }

  /** Reads and checks the metadata of the artefact at {@code dir}; {@code kind} null accepts any. */
  public Metadata readMetadata(String dir, ArtifactKind kind) {
    recover(dir);
    Path file = new Path(dir, Metadata.FILE_NAME);
    String what = kind == null ? "an ascmr artefact" : "a '" + kind.id() + "' artefact";
    try {
      FileSystem fs = fs(dir);
      if (!fs.exists(new Path(dir))) {
        throw new StateException(dir, "does not exist (expected " + what + ")");
      }
      if (!fs.exists(file)) {
        throw new StateException(dir, "has no " + Metadata.FILE_NAME + ": not " + what
            + " (or a run that wrote it did not finish)");
      }
      return Metadata.parse(readString(file.toString()), file.toString(), kind);
    } catch (IOException e) {
      throw new StateException(dir, "cannot read " + Metadata.FILE_NAME + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decides whether a stage must write {@code out}: absent -> WRITE; same recipe -> UP_TO_DATE
   * unless {@code overwrite}; made otherwise -> refused unless {@code overwrite}.
   */
  public Decision plan(String out, Metadata planned, boolean overwrite) {
    recover(out);
    if (!exists(out)) return Decision.WRITE;
    if (!exists(new Path(out, Metadata.FILE_NAME).toString())) {
      throw new StateException(out, "exists and is not an ascmr artefact (no " + Metadata.FILE_NAME
          + "); refusing to overwrite it, choose another --out or remove it");
    }
    Metadata existing = readMetadata(out, null);
    if (existing.kind().equals(planned.kind()) && existing.sameRecipe(planned) && !overwrite) {
      return Decision.UP_TO_DATE;
    }
    if (!overwrite) {
      throw new StateException(out, "exists and was made " + (existing.kind().equals(planned.kind())
          ? "with other settings or inputs" : "as a '" + existing.kind() + "' artefact")
          + "; pass --overwrite to replace it");
    }
    return Decision.WRITE;
  }

  /**
   * Builds the artefact in a temporary sibling directory with {@code writer}, writes the
   * metadata it returns last, then swaps it in for {@code out}. On failure the temporary
   * directory is removed and {@code out} is untouched.
   */
  public void commit(String out, Writer writer) {
    Path target = new Path(out);
    FileSystem fs = fs(out);
    Path parent = target.getParent();
    String name = target.getName();
    Path tmp = new Path(parent, TMP_PREFIX + name + "-" + UUID.randomUUID());
    try {
      cleanStale(fs, parent, name);
      fs.mkdirs(tmp);
      Metadata metadata = withMemory(writer.writeTo(tmp.toString()));
      writeString(new Path(tmp, Metadata.FILE_NAME).toString(), metadata.toJson());
      swapIn(fs, tmp, target);
    } catch (IOException e) {
      deleteQuietly(fs, tmp);
      throw new StateException(out, "writing failed, previous content kept: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(fs, tmp);
      throw e;
    }
  }

  /**
   * Records the peak memory of the driver and executors so far (issue: size memoryOverhead from
   * measurements): a stage's metadata then says what it needed. Not part of the fingerprint.
   */
  private static Metadata withMemory(Metadata m) {
    Map<String, Object> memory = ExecutorMemoryListener.stageMemory();
    return memory.isEmpty() ? m : m.withDetails(Map.of(MEMORY_DETAIL, memory));
  }

  private void swapIn(FileSystem fs, Path tmp, Path target) throws IOException {
    if (fs.exists(target)) {
      Path old = new Path(target.getParent(), OLD_PREFIX + target.getName() + "-" + UUID.randomUUID());
      if (!fs.rename(target, old)) throw new IOException("cannot move " + target + " aside to " + old);
      if (!fs.rename(tmp, target)) {
        fs.rename(old, target);
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
      fs.delete(old, true);
    } else {
      fs.mkdirs(target.getParent());
      if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  /**
   * Completes a swap that a killed process left half done: if {@code out} is missing but a moved
   * aside copy with metadata exists, it is put back.
   */
  public void recover(String out) {
    Path target = new Path(out);
    FileSystem fs = fs(out);
    try {
      if (target.getParent() == null || fs.exists(target) || !fs.exists(target.getParent())) return;
      FileStatus[] olds = fs.globStatus(new Path(target.getParent(), OLD_PREFIX + target.getName() + "-*"));
      if (olds == null) return;
      for (FileStatus old : olds) {
        if (fs.exists(new Path(old.getPath(), Metadata.FILE_NAME))) {
          LOG.warn("{}: restoring the previous content from {} (an earlier run was killed while replacing it)",
              out, old.getPath().getName());
          fs.rename(old.getPath(), target);
          return;
        }
      }
    } catch (IOException e) {
      throw new StateException(out, "cannot recover an interrupted write: " + e.getMessage(), e);
    }
  }

  private void cleanStale(FileSystem fs, Path parent, String name) throws IOException {
    if (!fs.exists(parent)) return;
    FileStatus[] tmps = fs.globStatus(new Path(parent, TMP_PREFIX + name + "-*"));
    if (tmps == null) return;
    long now = System.currentTimeMillis();
    for (FileStatus t : tmps) {
      if (now - t.getModificationTime() > STALE_TMP_MILLIS) {
        LOG.info("removing stale temporary directory {}", t.getPath());
        fs.delete(t.getPath(), true);
      }
    }
  }

  private static void deleteQuietly(FileSystem fs, Path p) {
    try {
      fs.delete(p, true);
    } catch (IOException e) {
      LOG.warn("could not remove temporary directory {}: {}", p, e.getMessage());
    }
  }

  public String readString(String path) {
    Path p = new Path(path);
    try (InputStream in = fs(path).open(p)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StateException(path, "cannot read: " + e.getMessage(), e);
    }
  }

  public void writeString(String path, String content) {
    writeBytes(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public void writeBytes(String path, byte[] content) {
    Path p = new Path(path);
    try (OutputStream out = fs(path).create(p, true)) {
      out.write(content);
    } catch (IOException e) {
      throw new StateException(path, "cannot write: " + e.getMessage(), e);
    }
  }

  public byte[] readBytes(String path) {
    Path p = new Path(path);
    try (InputStream in = fs(path).open(p)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StateException(path, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Absolute, qualified form of {@code path} (so metadata does not record relative paths). */
  public String qualify(String path) {
    Path p = new Path(path);
    return fs(path).makeQualified(p).toString();
  }
}
