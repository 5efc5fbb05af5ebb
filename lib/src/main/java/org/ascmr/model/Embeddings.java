package org.ascmr.model;

/**
 * The model's outputs for a block of rows: common-space features f_v, f_t (length E, before
 * normalisation) and the cosine logits of each modality to the C label prototypes.
 */
public record Embeddings(float[][] fv, float[][] ft, float[][] logitsV, float[][] logitsT) {
  public int rows() {
    return fv.length;
  }
}
