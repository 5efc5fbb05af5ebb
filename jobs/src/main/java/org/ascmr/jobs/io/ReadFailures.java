package org.ascmr.jobs.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ascmr.error.AscmrException;
import org.ascmr.error.BadInputException;

/**
 * Turns a file that Spark or Parquet could not read (truncated, overwritten, not Parquet) into a
 * {@link BadInputException} naming the file, instead of an internal error with a stack trace. The
 * failure usually surfaces on an executor and reaches the driver wrapped in a SparkException
 * ("Job aborted due to stage failure ..."); the file is named somewhere in the cause chain.
 */
public final class ReadFailures {
  /** Fixed part of the message (asserted by tests). */
  public static final String UNREADABLE = "cannot be read: corrupt or truncated file";

  /** Messages of Spark and parquet-mr that name the file they failed on. */
  private static final Pattern[] NAMES_FILE = {
      Pattern.compile("(\\S+) is not a Parquet file"),
      Pattern.compile("[Ee]ncountered error while reading file (\\S+?)\\.?(?:\\s|$)"),
      Pattern.compile("[Cc]an ?not read (?:value|a value)? ?at \\d+ in block -?\\d+ in file (\\S+)"),
      Pattern.compile("[Cc]ould not read footer for file:? ?(\\S+)"),
      Pattern.compile("in file (\\S+\\.parquet)"),
  };

  private ReadFailures() {}

  /**
   * {@code e} itself when it is one of ours (found anywhere in its causes) or names no unreadable
   * file; else a BadInputException (exit code 3) for the file.
   */
  public static RuntimeException explain(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AscmrException a) return a;
    }
    String file = null;
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      root = t;
      if (file == null && t.getMessage() != null) file = fileNamed(t.getMessage());
    }
    if (file == null) return e;
    String detail = root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
    return new BadInputException(file, null, null, UNREADABLE + " (" + detail + "); restore it, or rebuild the"
        + " artefact that holds it", e);
  }

  static String fileNamed(String message) {
    for (Pattern p : NAMES_FILE) {
      Matcher m = p.matcher(message);
      if (m.find()) return m.group(1);
    }
    return null;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
