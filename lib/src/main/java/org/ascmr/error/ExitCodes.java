package org.ascmr.error;

/** Process exit codes of the {@code ascmr} command; Airflow retries only {@link #INTERNAL}. */
public final class ExitCodes {
  /** Success, or nothing to do because the output is already up to date. */
  public static final int OK = 0;
  /** An unexpected failure (bug, lost executor, out of memory): retrying may help. */
  public static final int INTERNAL = 1;
  /** Bad command line or configuration: fix the call, do not retry. */
  public static final int USAGE = 2;
  /** Bad input data (a row, file or field): fix the data, do not retry. */
  public static final int DATA = 3;
  /** Workspace state forbids the action (locked, exists, missing predecessor). */
  public static final int STATE = 4;

  private ExitCodes() {}
}
