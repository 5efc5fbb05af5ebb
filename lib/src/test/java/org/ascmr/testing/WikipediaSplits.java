package org.ascmr.testing;

import java.util.Random;

/**
 * The val split our tests carve out of the Wikipedia benchmark's train list (the benchmark has
 * only train/test): a seeded 10% of the train rows, as method.md §2's measurements did. Shared
 * by the lib tests and the jobs pool fixture so both evaluate on the same rows.
 */
public final class WikipediaSplits {
  public static final double VAL_FRACTION = 0.1;
  public static final long SEED = 7L;

  private WikipediaSplits() {}

  /** {@code isVal[i]} for train row i: a Fisher-Yates shuffle with {@code seed}, first 10% val. */
  public static boolean[] valMask(int trainRows, long seed) {
    int[] order = new int[trainRows];
    for (int i = 0; i < trainRows; i++) order[i] = i;
    Random rnd = new Random(seed);
    for (int i = trainRows - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] val = new boolean[trainRows];
    int count = (int) Math.round(trainRows * VAL_FRACTION);
    for (int i = 0; i < count; i++) val[order[i]] = true;
    return val;
  }

  public static boolean[] valMask(int trainRows) {
    return valMask(trainRows, SEED);
  }
}
