package org.ascmr.allocate;

import java.util.Arrays;

/**
 * The greedy solver's problem on the driver: the unlabelled candidates in id order (so index
 * order is id order and ties broken by index are broken by id), their informativeness I, their
 * similarity to labelled kNN neighbours (sum over j in L of w_ij), and the kNN graph among
 * candidates in compressed rows: the neighbours of i are {@code neighbours[offsets[i] ..
 * offsets[i+1])} with weights w_ij = max(0, <u_i, u_j>). The density stage writes symmetrised
 * lists, so each candidate-candidate edge appears from both ends with the same weight.
 */
public final class CandidateGraph {
  private final String[] ids;
  private final double[] informativeness;
  private final double[] labelledSimilarity;
  private final double[] rho;
  private final int[] cluster;
  private final int[] offsets;
  private final int[] neighbours;
  private final float[] weights;

  public CandidateGraph(String[] ids, double[] informativeness, double[] labelledSimilarity, double[] rho,
      int[] cluster, int[] offsets, int[] neighbours, float[] weights) {
    int n = ids.length;
    if (informativeness.length != n || labelledSimilarity.length != n || rho.length != n || cluster.length != n
        || offsets.length != n + 1) {
      throw new IllegalArgumentException("per-candidate arrays must have " + n + " entries (offsets " + (n + 1) + ")");
    }
    for (int i = 1; i < n; i++) {
      if (ids[i - 1].compareTo(ids[i]) >= 0) {
        throw new IllegalArgumentException("candidate ids must be strictly increasing: '" + ids[i - 1] + "' then '"
            + ids[i] + "'");
      }
    }
    if (offsets[0] != 0 || offsets[n] != neighbours.length || weights.length != neighbours.length) {
      throw new IllegalArgumentException("offsets must run from 0 to the edge count " + neighbours.length);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(informativeness[i])) {
        throw new IllegalArgumentException("candidate '" + ids[i] + "': informativeness is " + informativeness[i]);
      }
    }
    this.ids = ids;
    this.informativeness = informativeness;
    this.labelledSimilarity = labelledSimilarity;
    this.rho = rho;
    this.cluster = cluster;
    this.offsets = offsets;
    this.neighbours = neighbours;
    this.weights = weights;
  }

  /** Candidates without edges (lambda = 0 problems, tests). */
  public static CandidateGraph withoutEdges(String[] ids, double[] informativeness) {
    int n = ids.length;
    double[] nan = new double[n];
    Arrays.fill(nan, Double.NaN);
    int[] none = new int[n];
    Arrays.fill(none, -1);
    return new CandidateGraph(ids, informativeness, new double[n], nan, none, new int[n + 1], new int[0], new float[0]);
  }

  public int size() {
    return ids.length;
  }

  public String id(int i) {
    return ids[i];
  }

  public double informativeness(int i) {
    return informativeness[i];
  }

  public double labelledSimilarity(int i) {
    return labelledSimilarity[i];
  }

  public double rho(int i) {
    return rho[i];
  }

  public int cluster(int i) {
    return cluster[i];
  }

  public int edgeStart(int i) {
    return offsets[i];
  }

  public int edgeEnd(int i) {
    return offsets[i + 1];
  }

  public int neighbour(int e) {
    return neighbours[e];
  }

  public float weight(int e) {
    return weights[e];
  }

  public int edges() {
    return neighbours.length;
  }

  /** w between candidates i and j (0 when not neighbours); linear in i's degree, for tests. */
  public double weightBetween(int i, int j) {
    for (int e = offsets[i]; e < offsets[i + 1]; e++) if (neighbours[e] == j) return weights[e];
    return 0.0;
  }
}
