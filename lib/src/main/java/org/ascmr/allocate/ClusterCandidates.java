package org.ascmr.allocate;

import java.util.Arrays;

/**
 * One cluster as the cluster solver sees it: size n_c (members in U and L), labelled count l_c,
 * density rho_c, and its unlabelled members sorted by informativeness descending, ties by id
 * ascending (the constructor sorts). The list may be truncated to the most informative members
 * when more can never be picked (at most the budget, or the cap); {@code unlabelled} keeps the
 * full count.
 */
public final class ClusterCandidates {
  private final int cluster;
  private final long size;
  private final long labelled;
  private final long unlabelled;
  private final double rho;
  private final String[] ids;
  private final double[] informativeness;
  private final double[] itemRho;

  public ClusterCandidates(int cluster, long size, long labelled, long unlabelled, double rho, String[] ids,
      double[] informativeness, double[] itemRho) {
    if (ids.length != informativeness.length || (itemRho != null && itemRho.length != ids.length)) {
      throw new IllegalArgumentException("cluster " + cluster + ": ids, informativeness and rho differ in length");
    }
    if (ids.length > unlabelled || labelled + unlabelled > size) {
      throw new IllegalArgumentException("cluster " + cluster + ": " + ids.length + " listed, " + unlabelled
          + " unlabelled and " + labelled + " labelled of " + size + " members do not add up");
    }
    if (!(rho >= 0) || Double.isInfinite(rho)) throw new IllegalArgumentException("cluster " + cluster + ": rho " + rho);
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      if (!Double.isFinite(informativeness[i])) {
        throw new IllegalArgumentException("candidate '" + ids[i] + "': informativeness is " + informativeness[i]);
      }
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(informativeness[b], informativeness[a]);
      return c != 0 ? c : ids[a].compareTo(ids[b]);
    });
    this.cluster = cluster;
    this.size = size;
    this.labelled = labelled;
    this.unlabelled = unlabelled;
    this.rho = rho;
    this.ids = new String[ids.length];
    this.informativeness = new double[ids.length];
    this.itemRho = new double[ids.length];
    for (int i = 0; i < order.length; i++) {
      this.ids[i] = ids[order[i]];
      this.informativeness[i] = informativeness[order[i]];
      this.itemRho[i] = itemRho == null ? Double.NaN : itemRho[order[i]];
    }
  }

  public int cluster() {
    return cluster;
  }

  public long size() {
    return size;
  }

  public long labelled() {
    return labelled;
  }

  public long unlabelled() {
    return unlabelled;
  }

  public double rho() {
    return rho;
  }

  /** Listed candidates (the most informative first). */
  public int listed() {
    return ids.length;
  }

  public String id(int m) {
    return ids[m];
  }

  public double informativeness(int m) {
    return informativeness[m];
  }

  public double itemRho(int m) {
    return itemRho[m];
  }
}
