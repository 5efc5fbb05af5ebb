package org.ascmr.data;

/**
 * Columns of the embeddings table written by {@code ascmr embed}: the current retrieval model's
 * common-space features for every pool row; the scoring stage and the baselines consume it.
 * <pre>
 *   id        string        pool id
 *   split     string        train | val | test
 *   fv        array&lt;float&gt;  image feature f_v (length E)
 *   ft        array&lt;float&gt;  text feature f_t (length E)
 *   logits_v  array&lt;float&gt;  cosine logits of the image to the C label prototypes
 *   logits_t  array&lt;float&gt;  cosine logits of the text to the C label prototypes
 * </pre>
 */
public final class EmbeddingColumns {
  public static final String ID = "id";
  public static final String SPLIT = "split";
  public static final String FV = "fv";
  public static final String FT = "ft";
  public static final String LOGITS_V = "logits_v";
  public static final String LOGITS_T = "logits_t";

  private EmbeddingColumns() {}
}
