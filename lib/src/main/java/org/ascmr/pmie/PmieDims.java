package org.ascmr.pmie;

import java.io.Serializable;

/**
 * Sizes of the estimator: input dimensions of the image and text features, the embedding
 * dimension E' and the hidden width of the MLPs.
 */
public record PmieDims(int imageDim, int textDim, int embedDim, int hidden) implements Serializable {
  private static final long serialVersionUID = 1L;

  public PmieDims {
    if (imageDim < 1 || textDim < 1 || embedDim < 1 || hidden < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1: " + imageDim + ", " + textDim + ", " + embedDim
          + ", " + hidden);
    }
  }

  public int inputDim(Modality m) {
    return m == Modality.IMAGE ? imageDim : textDim;
  }

  /** x' = x when the input already has E' dimensions, else x projected by a learned matrix. */
  public boolean projects(Modality m) {
    return inputDim(m) != embedDim;
  }
}
