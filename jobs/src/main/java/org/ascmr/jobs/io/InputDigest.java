package org.ascmr.jobs.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.Path;
import org.ascmr.error.BadInputException;
import org.ascmr.error.StateException;
import org.ascmr.io.Fingerprint;
import org.ascmr.io.InputRef;

/**
 * SHA-256 and line count of an input file on any Hadoop filesystem, streamed (never held in
 * memory), for the {@code inputs} of an artefact's metadata and for idempotent reruns.
 *
 * @param path   the qualified path
 * @param lines  number of lines (a last line without a newline counts)
 * @param sha256 hex digest of the bytes
 */
public record InputDigest(String path, long lines, String sha256) {

  public static InputDigest of(ArtifactStore store, String path) {
    String qualified = store.qualify(path);
    Fingerprint f = new Fingerprint();
    long lines = 0;
    int last = '\n';
    try (InputStream in = store.fs(path).open(new Path(path))) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        f.add(buf, 0, n);
        for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
        last = buf[n - 1];
      }
    } catch (FileNotFoundException e) {
      throw new StateException(qualified, "does not exist (expected a file)");
    } catch (IOException e) {
      throw new BadInputException(qualified, null, null, "cannot read: " + e.getMessage(), e);
    }
    if (last != '\n') lines++;
    return new InputDigest(qualified, lines, f.hex());
  }

  public InputRef ref(String role, long rows) {
    return new InputRef(role, path, rows, sha256);
  }
}
