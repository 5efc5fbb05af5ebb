package org.ascmr.density;

import java.util.HashSet;
import java.util.Set;

/**
 * recall@k of approximate neighbour lists against exact ones: the fraction of each query's exact
 * k nearest (under the total order similarity desc, id asc) that the approximate list also has,
 * pooled over queries (hits / expected). Mergeable: add per query, merge partial counts.
 */
public final class RecallAtK {
  private final int k;
  private long hits;
  private long expected;
  private int queries;

  public RecallAtK(int k) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, was " + k);
    this.k = k;
  }

  public RecallAtK add(Neighbours approximate, Neighbours exact) {
    int e = Math.min(k, exact.size());
    Set<String> truth = new HashSet<>();
    for (int i = 0; i < e; i++) truth.add(exact.ids()[i]);
    int a = Math.min(k, approximate.size());
    for (int i = 0; i < a; i++) if (truth.contains(approximate.ids()[i])) hits++;
    expected += e;
    queries++;
    return this;
  }

  public RecallAtK merge(RecallAtK other) {
    hits += other.hits;
    expected += other.expected;
    queries += other.queries;
    return this;
  }

  /** hits / expected; 1 when nothing was expected (a pool of one item). */
  public double result() {
    return expected == 0 ? 1.0 : (double) hits / expected;
  }

  public int queries() {
    return queries;
  }

  public long hits() {
    return hits;
  }

  public long expected() {
    return expected;
  }
}
