package org.ascmr.pmie;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * C = A . W for one fixed weight matrix W (inner x cols), by the BLAS sgemm under ND4J (OpenBLAS)
 * on off-heap buffers that are allocated once and reused for every batch: the rows go in and the
 * products come out as bulk copies, nothing is allocated per row or per batch (a view only when
 * a batch is shorter than the capacity).
 *
 * <p>Why not {@link RowMatmul}: scoring is three quarters matrix products, and the BLAS kernel is
 * about ten times faster on this machine. The price: sgemm does not promise one summation order
 * per output element, and measured here a row's product differs in the last bits with its
 * position in the block (OpenBLAS 0.3.19, AVX-512). A pair's scores therefore agree to float
 * rounding, not bit for bit, across batches and machines (see {@link PmieScorer}); on one machine
 * the same batch gives the same bits.
 */
final class BlasProduct {
  private final int inner;
  private final int cols;
  private final int capacity;
  private final INDArray w;
  private final INDArray a;
  private final INDArray c;
  private final FloatBuffer in;
  private final FloatBuffer out;

  BlasProduct(float[] weights, int inner, int cols, int capacity) {
    this.inner = inner;
    this.cols = cols;
    this.capacity = capacity;
    this.w = Nd4j.createUninitialized(DataType.FLOAT, inner, cols);
    w.data().asNioFloat().put(0, weights, 0, inner * cols);
    this.a = Nd4j.createUninitialized(DataType.FLOAT, capacity, inner);
    this.c = Nd4j.createUninitialized(DataType.FLOAT, capacity, cols);
    this.in = a.data().asNioFloat();
    this.out = c.data().asNioFloat();
  }

  /** {@code result[0, rows*cols) = x[0, rows*inner) . W}, row-major. */
  void multiply(float[] x, int rows, float[] result) {
    if (rows > capacity) throw new IllegalArgumentException(rows + " rows > capacity " + capacity);
    if (rows == 0) return;
    in.put(0, x, 0, rows * inner);
    if (rows == capacity) {
      Nd4j.gemm(a, w, c, false, false, 1.0, 0.0);
    } else {
      INDArray av = a.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
      INDArray cv = c.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
      Nd4j.gemm(av, w, cv, false, false, 1.0, 0.0);
    }
    out.get(0, result, 0, rows * cols);
  }
}
