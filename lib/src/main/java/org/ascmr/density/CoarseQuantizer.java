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
  private transient org.nd4j.linalg.api.ndarray.INDArray matrix;
  private transient double maxNorm;

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
    for (int c = 0; c < centroids.length; c++) size = insert(best, bestScore, size, c, scratch[c] - halfNorms[c]);
    return best;
  }

  /**
   * {@link #probes} of {@code m} vectors at once (row after row in {@code xs}), equal to calling
   * it on each: one sgemm per tile scores all centroids, and only centroids whose sgemm score is
   * within {@link TileSearch#tolerance} of the current {@code nprobe}-th best are scored again with
   * the fixed-order dot product (the rule of {@link TileSearch}).
   */
  public int[][] probesOfMany(float[] xs, int m, int nprobe) {
    int dim = dim();
    int c = centroids.length;
    if (matrix == null) {
      matrix = TileSearch.matrix(TileSearch.pack(java.util.Arrays.asList(centroids), dim), 0, c, dim);
      maxNorm = 0;
      for (float[] ce : centroids) maxNorm = Math.max(maxNorm, Vectors.norm(ce));
    }
    int keep = Math.min(nprobe, c);
    int[][] out = new int[m][];
    float[] sims = new float[Math.min(m, TileSearch.QUERY_TILE) * c];
    for (int start = 0; start < m; start += TileSearch.QUERY_TILE) {
      int rows = Math.min(m, start + TileSearch.QUERY_TILE) - start;
      try (org.nd4j.linalg.api.ndarray.INDArray q = TileSearch.matrix(xs, start, rows, dim)) {
        TileSearch.similarities(q, matrix, sims);
      }
      for (int i = 0; i < rows; i++) out[start + i] = probesOf(xs, (start + i) * dim, sims, i * c, keep);
    }
    return out;
  }

  private int[] probesOf(float[] xs, int off, float[] sims, int base, int m) {
    int dim = dim();
    float tol = (float) TileSearch.tolerance(dim, TileSearch.norm(xs, off, dim), maxNorm);
    int[] best = new int[m];
    float[] bestScore = new float[m];
    int size = 0;
    for (int c = 0; c < centroids.length; c++) {
      if (size == m && sims[base + c] - halfNorms[c] < bestScore[m - 1] - tol) continue;
      float s = TileSearch.dot(xs, off, centroids[c], 0, dim) - halfNorms[c];
      size = insert(best, bestScore, size, c, s);
    }
    return best;
  }

  /** Inserts (c, s) into the short best-first list; strict '>' keeps the lower index first on ties. */
  private static int insert(int[] best, float[] bestScore, int size, int c, float s) {
    int m = best.length;
    if (size == m && !(s > bestScore[m - 1])) return size;
    int pos = size < m ? size++ : m - 1;
    while (pos > 0 && s > bestScore[pos - 1]) {
      best[pos] = best[pos - 1];
      bestScore[pos] = bestScore[pos - 1];
      pos--;
    }
    best[pos] = c;
    bestScore[pos] = s;
    return size;
  }

  public int nearest(float[] x, float[] scratch) {
    return probes(x, 1, scratch)[0];
  }
}
