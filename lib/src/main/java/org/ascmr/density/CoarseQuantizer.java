package org.ascmr.density;

import java.io.Serializable;

/**
 * The coarse clusters of the IVF index: a vector's nearest centroid is its cluster, and a query
 * probes its {@code nprobe} nearest centroids. Nearness is Euclidean, computed as the score
 * {@code <x, c> - ||c||^2 / 2} (larger = nearer) with the fixed-order dot product; ties go to the
 * lower cluster index, so assignment is a pure function of the vector and the centroids.
 */
public final class CoarseQuantizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private final float[][] centroids;
  private final float[] halfNorms;
  private transient VectorBlock block;

  public CoarseQuantizer(float[][] centroids) {
    if (centroids.length == 0) throw new IllegalArgumentException("no centroids");
    this.centroids = centroids;
    this.halfNorms = new float[centroids.length];
    for (int c = 0; c < centroids.length; c++) halfNorms[c] = Vectors.dot(centroids[c], centroids[c]) / 2f;
  }

  /** A buffer for {@link #probes} and {@link #nearest}. */
  public float[] newScratch() {
    return new float[VectorBlock.paddedSize(centroids.length)];
  }

  public int clusters() {
    return centroids.length;
  }

  public int dim() {
    return centroids[0].length;
  }

  public float[][] centroids() {
    return centroids;
  }

  /**
   * The {@code nprobe} nearest clusters of {@code x}, nearest first; element 0 is x's own cluster.
   * {@code scratch} comes from {@link #newScratch()}.
   */
  public int[] probes(float[] x, int nprobe, float[] scratch) {
    if (block == null) block = VectorBlock.of(centroids, centroids[0].length);
    block.dotsInto(x, scratch);
    int m = Math.min(nprobe, centroids.length);
    int[] best = new int[m];
    float[] bestScore = new float[m];
    int size = 0;
    for (int c = 0; c < centroids.length; c++) {
      float s = scratch[c] - halfNorms[c];
      // insertion into the short sorted list; strict '>' keeps the lower index first on ties
      if (size == m && !(s > bestScore[m - 1])) continue;
      int pos = size < m ? size++ : m - 1;
      while (pos > 0 && s > bestScore[pos - 1]) {
        best[pos] = best[pos - 1];
        bestScore[pos] = bestScore[pos - 1];
        pos--;
      }
      best[pos] = c;
      bestScore[pos] = s;
    }
    return best;
  }

  public int nearest(float[] x, float[] scratch) {
    return probes(x, 1, scratch)[0];
  }
}
