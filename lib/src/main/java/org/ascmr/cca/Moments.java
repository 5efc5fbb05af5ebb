package org.ascmr.cca;

/**
 * Means and covariances of paired vectors (x image, y text), as {@link CrossMoments#result} gives
 * them: the sufficient statistics of linear CCA.
 *
 * @param n    number of pairs
 * @param meanX image mean (p)
 * @param meanY text mean (q)
 * @param cxx  image covariance (p x p)
 * @param cyy  text covariance (q x q)
 * @param cxy  image-text cross-covariance (p x q)
 */
public record Moments(long n, double[] meanX, double[] meanY, double[][] cxx, double[][] cyy, double[][] cxy) {
  public int imageDim() {
    return meanX.length;
  }

  public int textDim() {
    return meanY.length;
  }
}
