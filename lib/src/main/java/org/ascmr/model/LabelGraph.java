package org.ascmr.model;

import java.io.Serializable;

/**
 * The label co-occurrence graph of the prototype GCN (method.md §2), counted over the LABELLED
 * rows only (the reference counts the whole pool, which leaks labels an active learner does not
 * have). A sum over rows, so a Spark job counts partitions with {@link #add} and combines them
 * with {@link #merge}; {@link #adjacency} gives the normalised matrix.
 *
 * <p>A_ij = 1 when i != j, label i occurs, and P(j|i) = n_ij / n_i >= t; A_ii = 1. Normalised
 * as D^-1/2 A D^-1/2 with D_ii = sum_j A_ij (row degree, >= 1 thanks to the self loop), i.e.
 * Â_ij = A_ij / sqrt(D_ii D_jj). A may be asymmetric (P(j|i) != P(i|j)); Â keeps its direction:
 * row i of Â H mixes label i's neighbours j.
 */
public final class LabelGraph implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numLabels;
  private final long[] occurrences;
  private final long[][] cooccurrences;
  private long rows;

  public LabelGraph(int numLabels) {
    if (numLabels < 1) throw new IllegalArgumentException("numLabels must be >= 1, was " + numLabels);
    this.numLabels = numLabels;
    this.occurrences = new long[numLabels];
    this.cooccurrences = new long[numLabels][numLabels];
  }

  /** Counts one labelled row's multi-hot vector (any non-zero entry is a label). */
  public LabelGraph add(float[] labels) {
    if (labels.length != numLabels) {
      throw new IllegalArgumentException("expected " + numLabels + " labels, got " + labels.length);
    }
    rows++;
    int[] on = new int[numLabels];
    int k = 0;
    for (int i = 0; i < numLabels; i++) if (labels[i] != 0f) on[k++] = i;
    for (int a = 0; a < k; a++) {
      occurrences[on[a]]++;
      for (int b = 0; b < k; b++) if (a != b) cooccurrences[on[a]][on[b]]++;
    }
    return this;
  }

  /** Adds {@code other}'s counts to this one (partitions of the labelled set). */
  public LabelGraph merge(LabelGraph other) {
    if (other.numLabels != numLabels) {
      throw new IllegalArgumentException("cannot merge graphs over " + numLabels + " and " + other.numLabels + " labels");
    }
    rows += other.rows;
    for (int i = 0; i < numLabels; i++) {
      occurrences[i] += other.occurrences[i];
      for (int j = 0; j < numLabels; j++) cooccurrences[i][j] += other.cooccurrences[i][j];
    }
    return this;
  }

  public long rows() {
    return rows;
  }

  public int numLabels() {
    return numLabels;
  }

  /** n_i: labelled rows carrying label i. */
  public long occurrences(int i) {
    return occurrences[i];
  }

  /** n_ij: labelled rows carrying both i and j (i != j). */
  public long cooccurrences(int i, int j) {
    return cooccurrences[i][j];
  }

  /** The binary graph A (self loops included) for threshold {@code t}. */
  public boolean[][] links(double t) {
    boolean[][] a = new boolean[numLabels][numLabels];
    for (int i = 0; i < numLabels; i++) {
      a[i][i] = true;
      if (occurrences[i] == 0) continue;
      for (int j = 0; j < numLabels; j++) {
        if (i != j && (double) cooccurrences[i][j] / occurrences[i] >= t) a[i][j] = true;
      }
    }
    return a;
  }

  /** The normalised adjacency D^-1/2 A D^-1/2 for threshold {@code t}, row-major C x C. */
  public float[][] adjacency(double t) {
    boolean[][] a = links(t);
    double[] degree = new double[numLabels];
    for (int i = 0; i < numLabels; i++) for (int j = 0; j < numLabels; j++) if (a[i][j]) degree[i]++;
    float[][] out = new float[numLabels][numLabels];
    for (int i = 0; i < numLabels; i++) {
      for (int j = 0; j < numLabels; j++) {
        if (a[i][j]) out[i][j] = (float) (1.0 / Math.sqrt(degree[i] * degree[j]));
      }
    }
    return out;
  }

  /** Number of links i != j at threshold {@code t} (for the log and the model summary). */
  public int edgeCount(double t) {
    boolean[][] a = links(t);
    int n = 0;
    for (int i = 0; i < numLabels; i++) for (int j = 0; j < numLabels; j++) if (i != j && a[i][j]) n++;
    return n;
  }
}
