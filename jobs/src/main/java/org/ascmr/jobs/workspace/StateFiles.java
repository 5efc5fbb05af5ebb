package org.ascmr.jobs.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.ascmr.error.StateException;
import org.ascmr.jobs.io.ArtifactStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small JSON files of a workspace (lock, manifests, history) on any Hadoop filesystem, written
 * so that a reader never sees half a file: new content goes to a hidden temporary sibling and is
 * renamed into place. Three ways to write, for three kinds of file:
 * <ul>
 *   <li>{@link #createNew}: exclusive creation, the lock (atomic on local disks and HDFS; on S3 only
 *       as good as the store's conditional writes, see README);</li>
 *   <li>{@link #publish}: an immutable file that must not exist yet (labels files, manifests);</li>
 *   <li>{@link #replace}: a file that changes (a round's manifest), swapped in with the previous
 *       version moved aside first and restored by {@link #read} if a crash came in between.</li>
 * </ul>
 */
public final class StateFiles {
  private static final Logger LOG = LoggerFactory.getLogger(StateFiles.class);
  static final String TMP_PREFIX = "._tmp-";
  static final String OLD_PREFIX = "._old-";

  private final ArtifactStore store;

  public StateFiles(ArtifactStore store) {
    this.store = store;
  }

  public ArtifactStore store() {
    return store;
  }

  /** Creates {@code path} with {@code content} unless it exists; returns whether it did. */
  public boolean createNew(String path, String content) {
    Path p = new Path(path);
    FileSystem fs = store.fs(path);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try {
      fs.mkdirs(p.getParent());
      if (fs instanceof LocalFileSystem local) {
        // Hadoop's local create(overwrite=false) checks and then opens; O_EXCL closes that gap.
        try {
          Files.write(local.pathToFile(p).toPath(), bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          return true;
        } catch (FileAlreadyExistsException e) {
          return false;
        }
      }
      try (OutputStream out = fs.create(p, false)) {
        out.write(bytes);
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      } catch (IOException e) {
        if (fs.exists(p)) return false;
        throw e;
      }
    } catch (IOException e) {
      throw new StateException(path, "cannot create: " + e.getMessage(), e);
    }
  }

  /** Writes an immutable file: refuses if {@code path} exists, never leaves a partial file there. */
  public void publish(String path, byte[] content) {
    Path target = new Path(path);
    FileSystem fs = store.fs(path);
    Path tmp = new Path(target.getParent(), TMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
    try {
      if (fs.exists(target)) throw new StateException(path, "exists already; workspace files are never rewritten");
      fs.mkdirs(target.getParent());
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(content);
      }
      if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    } catch (IOException e) {
      deleteQuietly(fs, tmp);
      throw new StateException(path, "cannot write: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(fs, tmp);
      throw e;
    }
  }

  public void publish(String path, String content) {
    publish(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces (or creates) {@code path}: the old version is moved aside, the new one renamed in. */
  public void replace(String path, String content) {
    Path target = new Path(path);
    FileSystem fs = store.fs(path);
    Path tmp = new Path(target.getParent(), TMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
    try {
      recover(fs, target);
      fs.mkdirs(target.getParent());
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      if (fs.exists(target)) {
        Path old = new Path(target.getParent(), OLD_PREFIX + target.getName() + "-" + UUID.randomUUID());
        if (!fs.rename(target, old)) throw new IOException("cannot move " + target + " aside");
        if (!fs.rename(tmp, target)) {
          fs.rename(old, target);
          throw new IOException("cannot rename " + tmp + " to " + target);
        }
        fs.delete(old, false);
      } else if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    } catch (IOException e) {
      deleteQuietly(fs, tmp);
      throw new StateException(path, "cannot write: " + e.getMessage(), e);
    }
  }

  /** The content of {@code path}, or empty if absent (restoring a version a crash left aside). */
  public Optional<String> read(String path) {
    Path p = new Path(path);
    FileSystem fs = store.fs(path);
    try {
      recover(fs, p);
      if (!fs.exists(p)) return Optional.empty();
    } catch (IOException e) {
      throw new StateException(path, "cannot read: " + e.getMessage(), e);
    }
    return Optional.of(store.readString(path));
  }

  public boolean exists(String path) {
    return store.exists(path);
  }

  /** Deletes {@code path} if present; returns whether it was there. */
  public boolean delete(String path) {
    try {
      return store.fs(path).delete(new Path(path), false);
    } catch (IOException e) {
      throw new StateException(path, "cannot delete: " + e.getMessage(), e);
    }
  }

  /**
   * Moves {@code file} into {@code dir} (made if missing) under its own name, or its name with
   * {@code .1}, {@code .2}, ... in front of the extension if that is taken; returns the new path.
   */
  public String moveInto(String file, String dir) {
    Path src = new Path(file);
    Path d = new Path(dir);
    FileSystem fs = store.fs(dir);
    try {
      fs.mkdirs(d);
      String name = src.getName();
      int dot = name.lastIndexOf('.');
      Path target = new Path(d, name);
      for (int i = 1; fs.exists(target); i++) {
        target = new Path(d, dot < 0 ? name + "." + i : name.substring(0, dot) + "." + i + name.substring(dot));
      }
      if (!fs.rename(src, target)) throw new IOException("rename returned false");
      return target.toString();
    } catch (IOException e) {
      throw new StateException(file, "cannot move into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Names of the entries of {@code dir} (files and directories), without hidden temporaries, sorted. */
  public List<String> list(String dir) {
    Path p = new Path(dir);
    FileSystem fs = store.fs(dir);
    List<String> names = new ArrayList<>();
    try {
      if (!fs.exists(p)) return names;
      for (FileStatus s : fs.listStatus(p)) {
        String n = s.getPath().getName();
        if (!n.startsWith(".") && !n.startsWith("_")) names.add(n);
      }
    } catch (IOException e) {
      throw new StateException(dir, "cannot list: " + e.getMessage(), e);
    }
    names.sort(null);
    return names;
  }

  public boolean isDirectory(String path) {
    try {
      return store.fs(path).getFileStatus(new Path(path)).isDirectory();
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new StateException(path, "cannot stat: " + e.getMessage(), e);
    }
  }

  /** Modification time in epoch millis, or -1 if absent. */
  public long modificationTime(String path) {
    try {
      return store.fs(path).getFileStatus(new Path(path)).getModificationTime();
    } catch (java.io.FileNotFoundException e) {
      return -1;
    } catch (IOException e) {
      throw new StateException(path, "cannot stat: " + e.getMessage(), e);
    }
  }

  private static void recover(FileSystem fs, Path target) throws IOException {
    if (fs.exists(target) || target.getParent() == null || !fs.exists(target.getParent())) return;
    FileStatus[] olds = fs.globStatus(new Path(target.getParent(), OLD_PREFIX + target.getName() + "-*"));
    if (olds == null || olds.length == 0) return;
    LOG.warn("{}: restoring the previous version {} (a run was killed while replacing it)", target,
        olds[0].getPath().getName());
    fs.rename(olds[0].getPath(), target);
  }

  private static void deleteQuietly(FileSystem fs, Path p) {
    try {
      fs.delete(p, false);
    } catch (IOException e) {
      LOG.warn("could not remove temporary file {}: {}", p, e.getMessage());
    }
  }
}
