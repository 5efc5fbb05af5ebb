package org.ascmr.jobs.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.ascmr.data.Reject;
import org.ascmr.error.StateException;

/**
 * Writes {@value Reject#FILE_NAME} inside an artefact being built: one JSON object per bad row,
 * streamed so that many rejects never sit in the driver's memory at once.
 */
public final class RejectsFile {
  private RejectsFile() {}

  /** Writes {@code rejects} to {@code dir}/rejects.jsonl (empty file when none); returns how many. */
  public static long write(ArtifactStore store, String dir, Iterator<Reject> rejects) {
    Path p = new Path(dir, Reject.FILE_NAME);
    long n = 0;
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(store.fs(dir).create(p, true),
        StandardCharsets.UTF_8))) {
      while (rejects.hasNext()) {
        w.write(rejects.next().toJsonLine());
        w.write('\n');
        n++;
      }
    } catch (IOException e) {
      throw new StateException(p.toString(), "cannot write: " + e.getMessage(), e);
    }
    return n;
  }
}
