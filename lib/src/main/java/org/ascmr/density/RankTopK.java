package org.ascmr.density;

/**
 * The k best candidates seen so far, keyed by rank: a candidate's position in the pool's id order
 * (ids sorted as Strings), so "similarity descending, ties by rank ascending" is the order of
 * {@link Neighbours#compare} on the ids themselves. The kNN graph's hot loops and shuffles carry
 * ranks (an int) instead of id strings; the ids come back only in the written table.
 *
 * <p>Each candidate is one long, {@link #key}(sim, rank), whose natural order is that total
 * order, so the heap (worst kept candidate at the root) compares one long per step and a
 * candidate that cannot enter costs one float comparison.
 */
public final class RankTopK {
  private final int k;
  private final long[] keys;
  private int size;

  public RankTopK(int k) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, was " + k);
    this.k = k;
    this.keys = new long[k];
  }

  /** The order key: ascending keys are similarity descending, then rank ascending. */
  public static long key(float sim, int rank) {
    if (rank < 0) throw new IllegalArgumentException("rank must be >= 0, was " + rank);
    int bits = Float.floatToIntBits(sim);
    int ordered = bits ^ ((bits >> 31) & 0x7fffffff); // ascending as Float.compare
    return ((long) ~ordered << 32) | rank;
  }

  public static float similarity(long key) {
    int ordered = ~(int) (key >> 32);
    return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
  }

  public static int rank(long key) {
    return (int) key;
  }

  public int k() {
    return k;
  }

  public int size() {
    return size;
  }

  /** Similarity a new candidate must reach to have a chance (-inf while not full). */
  public float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : similarity(keys[0]);
  }

  /** Considers one candidate; returns whether it was kept. Ranks must not repeat. */
  public boolean offer(int rank, float sim) {
    long key = key(sim, rank);
    if (size < k) {
      keys[size] = key;
      siftUp(size++);
      return true;
    }
    if (key >= keys[0]) return false;
    keys[0] = key;
    siftDown();
    return true;
  }

  /** The kept candidates, best first. */
  public RankList result() {
    long[] sorted = java.util.Arrays.copyOf(keys, size);
    java.util.Arrays.sort(sorted);
    return RankList.of(sorted, size);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (keys[i] <= keys[parent]) return;
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown() {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) return;
      int worst = l + 1 < size && keys[l + 1] > keys[l] ? l + 1 : l;
      if (keys[worst] <= keys[i]) return;
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    long t = keys[a];
    keys[a] = keys[b];
    keys[b] = t;
  }
}
