package org.ascmr.jobs.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ascmr.error.AscmrException;
import org.ascmr.error.BadInputException;

/**
 * Turns a file that could not be read because it is damaged (a checksum mismatch, a truncated or
 * overwritten Parquet file) into a {@link BadInputException} naming the file (exit code 3),
 * instead of an internal error with a stack trace or a generic "cannot read" state error. The
 * failure usually surfaces on an executor and reaches the driver wrapped in a SparkException
 * ("Job aborted due to stage failure ..."), or inside our StateException from a small-file read;
 * the file is named somewhere in the cause chain.
 */
public final class ReadFailures {
  /** Fixed part of the message (asserted by tests). */
  public static final String UNREADABLE = "cannot be read: damaged, truncated or replaced after it was written";

  /** Messages of Spark and parquet-mr that name the file they failed on. */
  private static final Pattern[] NAMES_FILE = {
      Pattern.compile("Checksum error: (\\S+) at -?\\d+"),
      Pattern.compile("(\\S+) is not a Parquet file"),
      Pattern.compile("[Ee]ncountered error while reading file (\\S+?)\\.?(?:\\s|$)"),
      Pattern.compile("[Cc]an ?not read (?:value|a value)? ?at \\d+ in block -?\\d+ in file (\\S+)"),
      Pattern.compile("[Cc]ould not read footer for file:? ?(\\S+)"),
      Pattern.compile("in file (\\S+\\.parquet)"),
  };

  private ReadFailures() {}

  /**
   * What to report for {@code e} (Spark's SparkException is a checked exception thrown unchecked,
   * hence Throwable): a BadInputException found in its causes; else one for a damaged file its
   * causes name; else the first of our exceptions in its causes; else null (an internal failure).
   */
  public static AscmrException explain(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadInputException b) return b;
    }
    AscmrException damaged = damagedFile(e);
    if (damaged != null) return damaged;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AscmrException a) return a;
    }
    return null;
  }

  private static AscmrException damagedFile(Throwable e) {
    String file = null;
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      root = t;
      if (file == null && t.getMessage() != null) file = fileNamed(t.getMessage());
    }
    if (file == null) return null;
    String detail = root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root.getMessage());
    return new BadInputException(file, null, null, UNREADABLE + " (" + detail + "); restore it, or rebuild the"
        + " artefact that holds it", e);
  }

  /** Rethrows {@code e} as it is, checked or not (for Scala's undeclared checked exceptions). */
  @SuppressWarnings("unchecked")
  public static <E extends Throwable> RuntimeException rethrow(Throwable e) throws E {
    throw (E) e;
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
