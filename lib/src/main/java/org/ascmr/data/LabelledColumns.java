package org.ascmr.data;

/**
 * Column names of a labelled-set table: the pairs whose labels the learner may use.
 * <pre>
 *   id      string          id of a train-split pool row
 *   labels  array&lt;float&gt;    multi-hot over the pool's label names (at least one label)
 * </pre>
 * Experiments hide ground truth by giving a smaller labelled set; production appends to it.
 */
public final class LabelledColumns {
  public static final String ID = "id";
  public static final String LABELS = "labels";

  private LabelledColumns() {}
}
