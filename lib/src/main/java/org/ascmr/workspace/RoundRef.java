package org.ascmr.workspace;

import java.util.Collection;
import org.ascmr.error.ConfigException;
import org.ascmr.error.StateException;

/**
 * A round named on the command line: a number, or {@code latest} = the highest round that has a
 * selection (what annotators should be working on).
 */
public record RoundRef(Integer number) {
  public static final String LATEST = "latest";

  public static RoundRef parse(String option, String text) {
    if (text == null || LATEST.equals(text.trim())) return new RoundRef(null);
    try {
      int n = Integer.parseInt(text.trim());
      if (n < 0) throw new ConfigException(option, "must be >= 0 or '" + LATEST + "', was " + n);
      return new RoundRef(n);
    } catch (NumberFormatException e) {
      throw new ConfigException(option, "must be a round number or '" + LATEST + "', was '" + text + "'", e);
    }
  }

  public boolean isLatest() {
    return number == null;
  }

  /** The round number, resolving latest against the rounds that have a selection. */
  public int resolve(Collection<Integer> roundsWithSelection, String workspace) {
    if (number != null) return number;
    return roundsWithSelection.stream().max(Integer::compare).orElseThrow(() -> new StateException(workspace,
        "no round has a selection yet (run a round first)"));
  }

  @Override
  public String toString() {
    return number == null ? LATEST : number.toString();
  }
}
