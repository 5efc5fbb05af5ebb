package org.ascmr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SplitMixBlockTest {

  /** A block is the stream's next draws, one mix per step, on vectors and in the tail alike. */
  @Test
  void blockIsTheNextDrawsOfTheStream() {
    long gamma = 0x9E3779B97F4A7C15L;
    for (int m : new int[] {1, 7, 8, 9, 64}) {
      long state = SeededSplit.key(1, 2, (long) m);
      long[] out = new long[m];
      SplitMixBlock.fill(state, gamma, out, m);
      long s = state;
      for (int j = 0; j < m; j++) assertEquals(SeededSplit.mix(s += gamma), out[j], "m = " + m + ", draw " + j);
    }
  }
}
