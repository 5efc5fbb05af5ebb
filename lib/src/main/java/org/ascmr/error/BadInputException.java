package org.ascmr.error;

/**
 * A piece of input data is wrong. The message names the file, the row (1-based line or row
 * number, or an id) and the field, then what was expected and what was found.
 */
public final class BadInputException extends AscmrException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final String row;
  private final String field;
  private final String problem;

  public BadInputException(String file, String row, String field, String problem) {
    this(file, row, field, problem, null);
  }

  public BadInputException(String file, String row, String field, String problem, Throwable cause) {
    super(format(file, row, field, problem), cause);
    this.file = file;
    this.row = row;
    this.field = field;
    this.problem = problem;
  }

  private static String format(String file, String row, String field, String problem) {
    StringBuilder b = new StringBuilder();
    b.append(file == null ? "<input>" : file);
    if (row != null) b.append(", ").append(row);
    if (field != null) b.append(", field '").append(field).append('\'');
    return b.append(": ").append(problem).toString();
  }

  public String file() {
    return file;
  }

  public String row() {
    return row;
  }

  public String field() {
    return field;
  }

  /** The reason alone, without the location: what a rejects file records. */
  public String problem() {
    return problem;
  }

  @Override
  public int exitCode() {
    return ExitCodes.DATA;
  }
}
