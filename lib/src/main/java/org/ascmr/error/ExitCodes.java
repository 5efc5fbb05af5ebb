package org.ascmr.error;

/**
 * Process exit codes of the {@code ascmr} command, one table for every command (documented in
 * docs/user-guide.md#exit-codes); Airflow retries only {@link #INTERNAL}. The same kind of failure
 * has the same code everywhere: a path that should exist and does not (a pool, model, bundle,
 * labels file, a round's earlier stage) is {@link #STATE}, whatever names it; what is wrong inside
 * an input that exists is {@link #DATA}; a setting or option is {@link #USAGE}, found before any
 * Spark session starts.
 */
public final class ExitCodes {
  /** Success, or nothing to do because the output is already up to date. */
  public static final int OK = 0;
  /** An unexpected failure (bug, lost executor, out of memory): retrying may help. */
  public static final int INTERNAL = 1;
  /** Bad command line, option or setting (unknown key, wrong type or range): fix the call, do not retry. */
  public static final int USAGE = 2;
  /** Bad input data inside an existing input (a row, a field, a damaged file): fix the data, do not retry. */
  public static final int DATA = 3;
  /**
   * State forbids the action: an input or earlier stage that does not exist (missing pool, model,
   * bundle or labels file), an output that exists, a lock held, an artefact of another kind.
   */
  public static final int STATE = 4;

  private ExitCodes() {}
}
