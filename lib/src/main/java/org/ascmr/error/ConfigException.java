package org.ascmr.error;

/** A setting (config key or command-line option) has a wrong type, range or combination. */
public final class ConfigException extends AscmrException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigException(String key, String problem) {
    this(key, problem, null);
  }

  public ConfigException(String key, String problem, Throwable cause) {
    super("config " + key + ": " + problem, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }

  @Override
  public int exitCode() {
    return ExitCodes.USAGE;
  }
}
