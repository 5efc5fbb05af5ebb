package org.ascmr.jobs.bench;

import java.io.PrintWriter;
import java.util.Random;
import org.ascmr.density.RankTopK;
import org.ascmr.density.TileSearch;
import org.ascmr.density.TopK;
import org.ascmr.density.VectorBlock;
import org.ascmr.density.Vectors;
import org.ascmr.model.Nd4jThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact-search kernel on one thread of the driver, against this machine's sgemm rate on one
 * thread (ND4J's gemm, 2,048 x 2,048 floats, as the PyTorch peer's gemm section): queries/s of
 * top-k over an in-memory block of random unit vectors, for the tile kernel ({@link TileSearch})
 * and the per-query fixed-order kernel ({@link VectorBlock}) it replaced, and each as a flop rate
 * (2 D flops per pair) and a share of sgemm; the tile kernel and sgemm are each the best of three
 * timed runs. No Spark: it isolates the arithmetic.
 */
final class KernelBenchmark {
  private static final int GEMM_SIZE = 2048;

  private KernelBenchmark() {}

  static void run(int items, int queries, int dim, int k, PrintWriter out) {
    Nd4jThreads.limit(1);
    Random r = new Random(7);
    float[] data = randomUnits(r, items, dim);
    float[] qs = randomUnits(r, queries, dim);
    String[] ids = new String[items];
    for (int j = 0; j < items; j++) ids[j] = String.format("i%07d", j);

    double sgemm = sgemmGflops();
    int[] ranks = new int[items];
    for (int j = 0; j < items; j++) ranks[j] = j;
    TileSearch tiles = TileSearch.of(ranks, data, items, dim);
    tileQueries(tiles, qs, queries, k); // warm-up (JIT, ND4J)
    double tileSeconds = Double.MAX_VALUE; // best of three, as the sgemm rate it is compared with
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      tileQueries(tiles, qs, queries, k);
      tileSeconds = Math.min(tileSeconds, DensityBenchmark.secs(t0));
    }

    int oldQueries = Math.max(1, queries / 4);
    VectorBlock block = VectorBlock.of(java.util.Arrays.asList(ids), rowsOf(data, items, dim), dim);
    float[] scratch = block.newScratch();
    blockQueries(block, qs, Math.min(oldQueries, 20), dim, k, scratch); // warm-up
    long t1 = System.nanoTime();
    blockQueries(block, qs, oldQueries, dim, k, scratch);
    double oldSeconds = DensityBenchmark.secs(t1);

    double flopsPerQuery = 2.0 * dim * items;
    double tileRate = queries / tileSeconds;
    double oldRate = oldQueries / oldSeconds;
    out.printf("kernel, 1 thread: ND4J sgemm %dx%d %.1f GFLOP/s; exact top-%d of %,d queries x %,d items x %d-d:"
        + " tile kernel (sgemm + fixed-order rescoring) %,.0f queries/s = %.1f GFLOP/s = %.0f%% of sgemm;"
        + " per-query fixed-order kernel %,.0f queries/s = %.1f GFLOP/s = %.0f%% of sgemm%n", GEMM_SIZE, GEMM_SIZE,
        sgemm, k, queries, items, dim, tileRate, tileRate * flopsPerQuery / 1e9,
        100 * tileRate * flopsPerQuery / 1e9 / sgemm, oldRate, oldRate * flopsPerQuery / 1e9,
        100 * oldRate * flopsPerQuery / 1e9 / sgemm);
    out.flush();
  }

  /** Best of three timed sgemm calls after one warm-up. */
  static double sgemmGflops() {
    try (INDArray a = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        INDArray b = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        INDArray c = Nd4j.create(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE)) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      double best = Double.MAX_VALUE;
      for (int rep = 0; rep < 3; rep++) {
        long t = System.nanoTime();
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        best = Math.min(best, DensityBenchmark.secs(t));
      }
      return 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / best / 1e9;
    }
  }

  private static void tileQueries(TileSearch tiles, float[] qs, int queries, int k) {
    RankTopK[] tops = new RankTopK[queries];
    for (int i = 0; i < queries; i++) tops[i] = new RankTopK(k);
    tiles.search(qs, null, 0, queries, tops);
  }

  private static void blockQueries(VectorBlock block, float[] qs, int queries, int dim, int k, float[] scratch) {
    for (int i = 0; i < queries; i++) {
      block.searchInto(java.util.Arrays.copyOfRange(qs, i * dim, (i + 1) * dim), null, new TopK(k), scratch);
    }
  }

  private static float[] randomUnits(Random r, int n, int dim) {
    float[] out = new float[n * dim];
    float[] v = new float[dim];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dim; d++) v[d] = (float) r.nextGaussian();
      System.arraycopy(Vectors.normalise(v), 0, out, i * dim, dim);
    }
    return out;
  }

  private static java.util.List<float[]> rowsOf(float[] data, int n, int dim) {
    java.util.List<float[]> rows = new java.util.ArrayList<>(n);
    for (int j = 0; j < n; j++) rows.add(java.util.Arrays.copyOfRange(data, j * dim, (j + 1) * dim));
    return rows;
  }
}
