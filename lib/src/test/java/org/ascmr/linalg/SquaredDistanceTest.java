package org.ascmr.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SquaredDistanceTest {

  /** The documented eight-sum order, bit for bit, at every tail length and offset. */
  @Test
  void isTheFixedOrderSumAtEveryLength() {
    Random r = new Random(8);
    for (int dim : new int[] {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 256, 259}) {
      double[] a = new double[dim + 5];
      double[] b = new double[dim + 2];
      for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
      for (int i = 0; i < b.length; i++) b[i] = r.nextGaussian();
      double[] s = new double[8];
      int d = 0;
      for (; d + 7 < dim; d += 8) {
        for (int k = 0; k < 8; k++) {
          double x = a[5 + d + k] - b[2 + d + k];
          s[k] += x * x;
        }
      }
      for (; d < dim; d++) {
        double x = a[5 + d] - b[2 + d];
        s[0] += x * x;
      }
      double want = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
      assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(SquaredDistance.of(a, 5, b, 2, dim)),
          "dim " + dim);
      assertEquals(Double.doubleToRawLongBits(want),
          Double.doubleToRawLongBits(SquaredDistance.scalar(a, 5, b, 2, dim)), "dim " + dim);
    }
  }
}
