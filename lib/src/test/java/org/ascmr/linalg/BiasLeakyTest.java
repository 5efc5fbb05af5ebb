package org.ascmr.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BiasLeakyTest {

  /** The leaky ReLU of (in + bias), value for value and bit for bit, on vectors and in the tail. */
  @Test
  void isTheLeakyReluOfTheBiasedRowAtEveryLength() {
    assertTrue(VectorApi.present(), "the test JVM should have jdk.incubator.vector (conf/jvm-options)");
    Random r = new Random(7);
    float slope = 0.2f;
    for (int n : new int[] {1, 15, 16, 17, 33, 256}) {
      float[] in = new float[n + 3];
      float[] bias = new float[n];
      for (int j = 0; j < in.length; j++) in[j] = (float) r.nextGaussian();
      for (int j = 0; j < n; j++) bias[j] = (float) r.nextGaussian();
      in[3] = -0.0f;
      bias[0] = -0.0f; // v = -0: the leaky ReLU keeps the sign
      if (n > 2) in[5] = Float.NaN;
      float[] out = new float[n + 1];
      BiasLeaky.apply(in, 3, bias, slope, out, 1, n);
      for (int j = 0; j < n; j++) {
        float v = in[3 + j] + bias[j];
        float want = v >= 0 ? v : slope * v;
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[1 + j]), "n = " + n + ", j = " + j);
      }
      float[] scalar = new float[n + 1];
      BiasLeaky.scalar(in, 3, bias, slope, scalar, 1, 0, n);
      for (int j = 0; j <= n; j++) assertEquals(Float.floatToRawIntBits(scalar[j]), Float.floatToRawIntBits(out[j]));
    }
  }
}
