package org.ascmr.density;

import java.io.Serializable;

/**
 * The k best candidates seen so far under the order of {@link Neighbours#compare} (similarity
 * descending, ties by id ascending), as a mergeable summary: {@link #offer} candidates, {@link
 * #merge} lists built on other blocks or partitions, and take the {@link #result}. Because the
 * order is total, the result is the same whatever the order of offers and merges, provided no id
 * is offered twice with different similarities.
 *
 * <p>Kept as a binary heap with the worst kept candidate at the root, so a candidate that cannot
 * enter costs one float comparison.
 */
public final class TopK implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int k;
  private final String[] ids;
  private final float[] sims;
  private int size;

  public TopK(int k) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, was " + k);
    this.k = k;
    this.ids = new String[k];
    this.sims = new float[k];
  }

  public int k() {
    return k;
  }

  public int size() {
    return size;
  }

  /** Similarity a new candidate must reach to have a chance (-inf while not full). */
  public float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : sims[0];
  }

  /** Considers one candidate; returns whether it was kept. Ids must not repeat. */
  public boolean offer(String id, float sim) {
    if (size < k) {
      ids[size] = id;
      sims[size] = sim;
      siftUp(size++);
      return true;
    }
    if (sim < sims[0] || !(Neighbours.compare(sim, id, sims[0], ids[0]) < 0)) return false;
    ids[0] = id;
    sims[0] = sim;
    siftDown(0);
    return true;
  }

  public TopK merge(TopK other) {
    for (int i = 0; i < other.size; i++) offer(other.ids[i], other.sims[i]);
    return this;
  }

  /** The kept candidates, best first. */
  public Neighbours result() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Neighbours.compare(sims[a], ids[a], sims[b], ids[b]));
    String[] outIds = new String[size];
    float[] outSims = new float[size];
    for (int i = 0; i < size; i++) {
      outIds[i] = ids[order[i]];
      outSims[i] = sims[order[i]];
    }
    return new Neighbours(outIds, outSims);
  }

  /** a is worse than b: it ranks after b. */
  private boolean worse(int a, int b) {
    return Neighbours.compare(sims[a], ids[a], sims[b], ids[b]) > 0;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(i, parent)) return;
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) return;
      int worst = l;
      if (l + 1 < size && worse(l + 1, l)) worst = l + 1;
      if (!worse(worst, i)) return;
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    String ti = ids[a];
    ids[a] = ids[b];
    ids[b] = ti;
    float ts = sims[a];
    sims[a] = sims[b];
    sims[b] = ts;
  }
}
