package org.ascmr.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FourSumsTest {

  /** The documented order, bit for bit, at every tail length and offset. */
  @Test
  void sumsInTheDocumentedOrder() {
    Random r = new Random(5);
    for (int n = 0; n <= 13; n++) {
      for (int from : new int[] {0, 3}) {
        double[] x = new double[from + n + 2];
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          f[i] = (float) (r.nextGaussian() * Math.exp(4 * r.nextGaussian()));
          x[i] = r.nextGaussian() * Math.exp(4 * r.nextGaussian());
        }
        double c = r.nextGaussian();
        double[] s = new double[4];
        double[] sf = new double[4];
        double[] sq = new double[4];
        int q = n - n % 4;
        for (int i = 0; i < n; i++) {
          int k = i < q ? i % 4 : 0;
          s[k] += x[from + i];
          sf[k] += f[from + i];
          sq[k] += (x[from + i] - c) * (x[from + i] - c);
        }
        assertEquals((s[0] + s[1]) + (s[2] + s[3]), FourSums.of(x, from, n), 0.0, "n " + n);
        assertEquals((sf[0] + sf[1]) + (sf[2] + sf[3]), FourSums.of(f, from, n), 0.0, "n " + n);
        assertEquals((sq[0] + sq[1]) + (sq[2] + sq[3]), FourSums.squaredDeviations(x, from, n, c), 0.0, "n " + n);
      }
    }
  }

  @Test
  void closeToTheExactSum() {
    Random r = new Random(6);
    double[] x = new double[1001];
    BigDecimal exact = BigDecimal.ZERO;
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble();
      exact = exact.add(new BigDecimal(x[i]));
    }
    assertEquals(exact.doubleValue(), FourSums.of(x, 0, x.length), 1e-12);
  }
}
