package org.ascmr.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.ascmr.io.InputRef;

/**
 * What a round's manifest says about one stage: enough to skip it on a rerun (same config hash and
 * inputs, succeeded), to refuse a rerun with other settings, and to show what failed.
 *
 * @param stage      stage name (train, embed, score, density, allocate, export)
 * @param status     running, succeeded or failed
 * @param output     the stage's output artefact path
 * @param configHash hash of the stage's effective settings
 * @param inputs     the input artefacts with their fingerprints
 * @param rows       rows of the output (0 while running or failed)
 * @param startedAt  ISO-8601
 * @param finishedAt ISO-8601, null while running
 * @param seconds    wall time
 * @param exitCode   process exit code the failure maps to (null unless failed)
 * @param error      one-line error (null unless failed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageRecord(String stage, StageStatus status, String output, String configHash, List<InputRef> inputs,
    long rows, String startedAt, String finishedAt, Double seconds, Integer exitCode, String error) {
  public StageRecord {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  public static StageRecord running(String stage, String output, String configHash, List<InputRef> inputs,
      String startedAt) {
    return new StageRecord(stage, StageStatus.RUNNING, output, configHash, inputs, 0, startedAt, null, null, null,
        null);
  }

  public StageRecord succeeded(long outRows, String finished, double secs) {
    return new StageRecord(stage, StageStatus.SUCCEEDED, output, configHash, inputs, outRows, startedAt, finished,
        secs, null, null);
  }

  public StageRecord failed(String finished, double secs, int code, String message) {
    return new StageRecord(stage, StageStatus.FAILED, output, configHash, inputs, 0, startedAt, finished, secs, code,
        message);
  }

  /** Same settings and same inputs as {@code other}: a succeeded stage need not run again. */
  public boolean sameRecipe(String otherConfigHash, List<InputRef> otherInputs) {
    return configHash != null && configHash.equals(otherConfigHash)
        && inputs.stream().map(InputRef::fingerprint).toList()
            .equals(otherInputs.stream().map(InputRef::fingerprint).toList());
  }
}
