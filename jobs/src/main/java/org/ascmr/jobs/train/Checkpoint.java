package org.ascmr.jobs.train;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ascmr.error.StateException;
import org.ascmr.io.Json;
import org.ascmr.jobs.io.ArtifactStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-epoch checkpoints of a training run, in a work directory beside the output
 * ({@code <parent>/._work-<name>}): each epoch writes {@code epoch-N.tmp/} (state.json, the
 * training snapshot, the best weights so far) and renames it to {@code epoch-N/}, then removes
 * older ones, so a kill at any moment leaves a complete last checkpoint. The RNG needs no saving:
 * every draw is derived from (seed, epoch, worker), and Adam's step count is in the snapshot.
 */
final class Checkpoint {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
  static final String WORK_PREFIX = "._work-";
  private static final String EPOCH_PREFIX = "epoch-";
  private static final String STATE = "state.json";
  private static final String SNAPSHOT = "snapshot.bin";
  private static final String BEST = "best.bin";

  /**
   * Where a run stands after an epoch. {@code recipe} is the planned output's fingerprint
   * (settings, seed, inputs): a checkpoint of another recipe is never resumed.
   */
  record State(String recipe, int epoch, int workers, int bestEpoch, double bestValMap, int sinceBest,
      double untrainedValMap, List<TrainSummary.EpochStats> history) {}

  /** A checkpoint read back. */
  record Saved(State state, byte[] snapshot, byte[] best) {}

  private final ArtifactStore store;
  private final String dir;

  Checkpoint(ArtifactStore store, String out) {
    this.store = store;
    Path target = new Path(out);
    this.dir = new Path(target.getParent(), WORK_PREFIX + target.getName()).toString();
  }

  String dir() {
    return dir;
  }

  void save(State state, byte[] snapshot, byte[] best) {
    FileSystem fs = store.fs(dir);
    Path tmp = new Path(dir, EPOCH_PREFIX + state.epoch() + ".tmp");
    Path done = new Path(dir, EPOCH_PREFIX + state.epoch());
    try {
      fs.delete(tmp, true);
      fs.mkdirs(tmp);
      store.writeBytes(new Path(tmp, SNAPSHOT).toString(), snapshot);
      store.writeBytes(new Path(tmp, BEST).toString(), best);
      store.writeString(new Path(tmp, STATE).toString(), Json.pretty(state));
      fs.delete(done, true);
      if (!fs.rename(tmp, done)) throw new IOException("cannot rename " + tmp + " to " + done);
      for (FileStatus s : list(fs)) {
        if (!s.getPath().getName().equals(done.getName())) fs.delete(s.getPath(), true);
      }
    } catch (IOException e) {
      throw new StateException(dir, "cannot write the checkpoint of epoch " + state.epoch() + ": " + e.getMessage(), e);
    }
  }

  /** The newest complete checkpoint, or null. */
  Saved latest() {
    FileSystem fs = store.fs(dir);
    try {
      if (!fs.exists(new Path(dir))) return null;
      FileStatus newest = null;
      int newestEpoch = -1;
      for (FileStatus s : list(fs)) {
        String name = s.getPath().getName();
        if (name.endsWith(".tmp") || !fs.exists(new Path(s.getPath(), STATE))) continue;
        int epoch = Integer.parseInt(name.substring(EPOCH_PREFIX.length()));
        if (epoch > newestEpoch) {
          newestEpoch = epoch;
          newest = s;
        }
      }
      if (newest == null) return null;
      String base = newest.getPath().toString();
      State state = Json.read(store.readString(base + "/" + STATE), State.class, base + "/" + STATE);
      return new Saved(state, store.readBytes(base + "/" + SNAPSHOT), store.readBytes(base + "/" + BEST));
    } catch (IOException | NumberFormatException e) {
      throw new StateException(dir, "cannot read checkpoints: " + e.getMessage(), e);
    }
  }

  void delete() {
    try {
      store.fs(dir).delete(new Path(dir), true);
    } catch (IOException e) {
      LOG.warn("could not remove the checkpoint directory {}: {}", dir, e.getMessage());
    }
  }

  private FileStatus[] list(FileSystem fs) throws IOException {
    FileStatus[] s = fs.globStatus(new Path(dir, EPOCH_PREFIX + "*"));
    return s == null ? new FileStatus[0] : s;
  }
}
