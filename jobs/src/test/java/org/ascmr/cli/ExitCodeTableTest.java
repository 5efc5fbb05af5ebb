package org.ascmr.cli;

import static org.ascmr.testing.InProcessCli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ascmr.error.ExitCodes;
import org.ascmr.testing.InProcessCli.Result;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One table of exit codes: the same kind of failure has the same code whichever command meets it.
 * An input path that does not exist is a state error (4) for a pool, a model, a pairs bundle and a
 * MAT file alike.
 */
class ExitCodeTableTest {
  @TempDir
  Path dir;

  @Test
  void aMissingInputIsCodeFourWhateverNamesIt() {
    SparkTestSession.get();
    String missing = dir.resolve("missing").toString();
    String out = dir.resolve("out").toString();
    List<String[]> calls = List.of(
        new String[] {"extract", "--pairs", missing, "--out", out},
        new String[] {"init", "--workspace", dir.resolve("ws").toString(), "--pool", missing},
        new String[] {"evaluate", "--pool", missing},
        new String[] {"train", "--pool", missing, "--out", out});
    for (String[] call : calls) {
      Result r = cli(call);
      assertEquals(ExitCodes.STATE, r.code(), String.join(" ", call) + ": " + r.err());
      assertTrue(r.err().contains("missing"), r.err());
    }
  }
}
