package org.ascmr.features.encode;

import java.io.Serializable;
import java.util.Objects;

/**
 * How to drive a user's ONNX text model: which inputs take the token ids, attention mask and
 * (optionally) token type ids, all int64 {@code [batch, length]}; which output holds the per-token
 * states {@code [batch, length, dim]}; how they are pooled into one vector.
 *
 * @param idsInput      input that takes the WordPiece ids
 * @param maskInput     input that takes the attention mask (1 per real token)
 * @param typeIdsInput  input that takes the token type ids (all 0), or {@code null} if the model has none
 * @param output        output of shape {@code [batch, length, dim]}
 * @param pooling       {@link Pooling#MEAN} over the real tokens, or the {@link Pooling#CLS} token's state
 * @param maxLength     ids per text at most, [CLS] and [SEP] included (texts are cut at the end)
 * @param normalize     whether vectors are L2-normalised
 */
public record TextModelContract(
    String idsInput,
    String maskInput,
    String typeIdsInput,
    String output,
    Pooling pooling,
    int maxLength,
    boolean normalize)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How per-token states become one vector. */
  public enum Pooling {
    /** Average over the positions whose attention mask is 1. */
    MEAN,
    /** The state at position 0 ([CLS]). */
    CLS;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public TextModelContract {
    Objects.requireNonNull(idsInput, "idsInput");
    Objects.requireNonNull(maskInput, "maskInput");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(pooling, "pooling");
    if (maxLength < 3) {
      throw new IllegalArgumentException("maxLength must be >= 3 ([CLS] piece [SEP]), was " + maxLength);
    }
  }

  /** The usual Hugging Face BERT export: input_ids, attention_mask, token_type_ids -> last_hidden_state. */
  public static TextModelContract bert(Pooling pooling, int maxLength, boolean normalize) {
    return new TextModelContract(
        "input_ids", "attention_mask", "token_type_ids", "last_hidden_state", pooling, maxLength, normalize);
  }
}
