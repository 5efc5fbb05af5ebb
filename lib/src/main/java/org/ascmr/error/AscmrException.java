package org.ascmr.error;

/**
 * Root of the one exception family the library throws on purpose. Callers (the CLI, Airflow via
 * exit codes) catch this in one place and still tell bad input from bad settings from a broken
 * workspace through the subclass and {@link #exitCode()}.
 */
public abstract class AscmrException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected AscmrException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Process exit code the CLI uses for this kind of failure (documented in README). */
  public abstract int exitCode();
}
