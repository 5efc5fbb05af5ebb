package org.ascmr.error;

import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The "did you mean" of error messages (unknown config keys, unknown label names): the known
 * name nearest to a misspelt one, or null when nothing is close enough to be a plausible typo.
 */
public final class ClosestName {
  private ClosestName() {}

  /**
   * The candidate at the smallest case-insensitive edit distance from {@code name}, if that
   * distance is at most max(2, |name| / 4); ties go to the first candidate in iteration order.
   */
  public static String of(String name, Iterable<String> candidates) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance.apply(lower, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
  }
}
