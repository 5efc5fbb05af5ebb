package org.ascmr.data;

/**
 * Columns of the score artefact written by {@code ascmr score}. Its {@code data/} table has one
 * row per UNLABELLED train pair (labelled ids never appear there); its {@code labelled/} table
 * has the fused vectors of the labelled pairs, which the density stage needs for the kNN graph
 * over U and L.
 * <pre>
 *   data/:     id string, informativeness double (I), u_inter double, u_v double, u_t double,
 *              mu array&lt;float&gt;, sigma array&lt;float&gt;, u array&lt;float&gt;
 *   labelled/: id string, mu array&lt;float&gt;, sigma array&lt;float&gt;, u array&lt;float&gt;
 * </pre>
 * mu and sigma are the product-of-experts fused Gaussian (method.md §5); u = mu / ||mu||.
 */
public final class ScoreColumns {
  public static final String UNLABELLED_DIR = "data";
  public static final String LABELLED_DIR = "labelled";

  public static final String ID = "id";
  public static final String INFORMATIVENESS = "informativeness";
  public static final String U_INTER = "u_inter";
  public static final String U_V = "u_v";
  public static final String U_T = "u_t";
  public static final String MU = "mu";
  public static final String SIGMA = "sigma";
  public static final String U = "u";

  private ScoreColumns() {}
}
