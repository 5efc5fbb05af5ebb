package org.ascmr.error;

/**
 * The workspace or an artefact is in a state that forbids the action: an output exists and was
 * made from something else, a lock is held, an artefact is of another kind or a newer format.
 */
public final class StateException extends AscmrException {
  private static final long serialVersionUID = 1L;
  private final String path;

  public StateException(String path, String problem) {
    this(path, problem, null);
  }

  public StateException(String path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
  }

  public String path() {
    return path;
  }

  @Override
  public int exitCode() {
    return ExitCodes.STATE;
  }
}
