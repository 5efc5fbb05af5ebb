package org.ascmr.data;

import org.ascmr.linalg.VectorApi;

/**
 * A block of consecutive SplitMix64 outputs: {@code out[j] = mix(state + (j + 1) gamma)} for j in
 * [0, m), i.e. the next m draws of a stream at {@code state}. On vectors through
 * {@link VectorSplitMix} when the JVM has the vector API (64-bit lanes, the same integer
 * operations, so the same values), else one {@link SeededSplit#mix} per value: the scoring noise
 * takes 3,584 draws per pair, and mixing them one by one was a quarter of their cost.
 */
public final class SplitMixBlock {
  private static final boolean VECTOR_API = VectorApi.present();

  private SplitMixBlock() {}

  public static void fill(long state, long gamma, long[] out, int m) {
    int done = VECTOR_API ? VectorSplitMix.fill(state, gamma, out, m) : 0;
    scalar(state, gamma, out, done, m);
  }

  /** Values [from, m) one by one (the tests compare it with the vector form). */
  static void scalar(long state, long gamma, long[] out, int from, int m) {
    for (int j = from; j < m; j++) out[j] = SeededSplit.mix(state + (j + 1) * gamma);
  }
}
