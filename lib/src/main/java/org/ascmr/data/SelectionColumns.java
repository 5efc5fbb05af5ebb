package org.ascmr.data;

/**
 * Columns of the selection table written by {@code ascmr allocate} (and by the baseline
 * strategies): the pairs to send to annotators this round, in pick order.
 * <pre>
 *   round            int     active-learning round
 *   rank             int     0-based pick order
 *   id               string  pool id (never a labelled one)
 *   informativeness  double  I_i (or the strategy's own score)
 *   rho              double  semantic density (NaN where the strategy has none)
 *   gain             double  marginal gain of J(S) when picked
 *   cluster          int     coarse cluster (-1 where none)
 * </pre>
 */
public final class SelectionColumns {
  public static final String ROUND = "round";
  public static final String RANK = "rank";
  public static final String ID = "id";
  public static final String INFORMATIVENESS = "informativeness";
  public static final String RHO = "rho";
  public static final String GAIN = "gain";
  public static final String CLUSTER = "cluster";

  private SelectionColumns() {}
}
