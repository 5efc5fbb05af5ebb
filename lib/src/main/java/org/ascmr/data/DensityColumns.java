package org.ascmr.data;

/**
 * Columns of the density table written by {@code ascmr density}: one row per train pair of the
 * pool (unlabelled and labelled), with its symmetrised kNN list.
 * <pre>
 *   id            string         pool id
 *   labelled      boolean        in the labelled set L
 *   cluster       int            coarse (IVF) cluster of u, used by the cluster solver
 *   rho           double         semantic density: mean w_ij over the k nearest neighbours
 *   neighbors     array&lt;string&gt;  neighbour ids, most similar first (ties by id)
 *   similarities  array&lt;float&gt;   w_ij = max(0, &lt;u_i, u_j&gt;), aligned with neighbors
 *   rank          int            position of id among all the table's ids sorted (String order)
 *   neighborRanks array&lt;int&gt;     the neighbours' ranks, aligned with neighbors
 *   clusterRho    double         rho_c of the row's cluster: the mean pairwise similarity of all
 *                                its members (labelled too), the same on each of its rows
 * </pre>
 * The two rank columns let a reader map neighbours to its own indices through an int array
 * instead of decoding and hashing every neighbour id string (allocate at 1M candidates spent
 * most of its time there). Tables written before they existed lack them; readers fall back to
 * the ids. {@code clusterRho} spares the cluster solver a join of every u to its cluster (tables
 * without it are read as before).
 */
public final class DensityColumns {
  public static final String ID = "id";
  public static final String LABELLED = "labelled";
  public static final String CLUSTER = "cluster";
  public static final String RHO = "rho";
  public static final String NEIGHBORS = "neighbors";
  public static final String SIMILARITIES = "similarities";
  public static final String RANK = "rank";
  public static final String NEIGHBOR_RANKS = "neighborRanks";
  public static final String CLUSTER_RHO = "clusterRho";

  private DensityColumns() {}
}
