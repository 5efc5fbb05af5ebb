package org.ascmr.data;

/**
 * Column names of the pool table, the input of every stage (README "Pool table" documents it):
 * <pre>
 *   id      string          unique pair id (e.g. "animals/birds/bird_01")
 *   split   string          train | val | test
 *   image   array&lt;float&gt;    image feature vector, length = metadata details.pool.imageDim
 *   text    array&lt;float&gt;    text feature vector,  length = metadata details.pool.textDim
 *   labels  array&lt;float&gt;    ground-truth multi-hot over details.pool.labelNames; null = unknown
 * </pre>
 * Which pairs count as labelled is not a pool column: see {@link LabelledColumns}.
 */
public final class PoolColumns {
  public static final String ID = "id";
  public static final String SPLIT = "split";
  public static final String IMAGE = "image";
  public static final String TEXT = "text";
  public static final String LABELS = "labels";

  private PoolColumns() {}
}
