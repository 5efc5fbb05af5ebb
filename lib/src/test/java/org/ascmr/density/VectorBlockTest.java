package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorBlockTest {

  @Test
  void dotsOnThreeRowsByHand() {
    VectorBlock b = VectorBlock.of(List.of("a", "b", "c"),
        List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {0.6f, 0.8f}), 2);
    float[] out = b.newScratch();
    b.dotsInto(new float[] {0.8f, 0.6f}, out);
    assertArrayEquals(new float[] {0.8f, 0.6f, 0.6f * 0.8f + 0.8f * 0.6f}, java.util.Arrays.copyOf(out, 3));
    assertEquals(16, out.length); // one panel
    TopK top = new TopK(2);
    b.searchInto(new float[] {0.6f, 0.8f}, "c", top, out); // the query is row c: excluded
    assertArrayEquals(new String[] {"b", "a"}, top.result().ids());
  }

  /**
   * The similarity of a pair has the same bits whatever block it sits in (sizes 1..n, any
   * position) and from either end: the guarantee that makes kNN lists independent of the
   * partitioning and the symmetrisation consistent.
   */
  @Test
  void similaritiesDoNotDependOnBlocking() {
    Random r = new Random(5);
    int dim = 67;
    int n = 300;
    List<float[]> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) v[d] = (float) r.nextGaussian();
      rows.add(Vectors.normalise(v));
      ids.add("r" + i);
    }
    float[] q = rows.get(0);
    float[] reference = new float[n];
    for (int j = 0; j < n; j++) reference[j] = Vectors.dot(q, rows.get(j));
    for (int blockSize : new int[] {1, 7, 16, 17, 64, 300}) {
      for (int start = 0; start < n; start += blockSize) {
        int end = Math.min(n, start + blockSize);
        VectorBlock b = VectorBlock.of(ids.subList(start, end), rows.subList(start, end), dim);
        float[] out = b.newScratch();
        for (int rep = 0; rep < 20; rep++) b.dotsInto(q, out); // let the JIT compile the loop
        for (int j = start; j < end; j++) {
          assertEquals(Float.floatToIntBits(reference[j]), Float.floatToIntBits(out[j - start]),
              "row " + j + " in a block of " + blockSize);
          assertEquals(Float.floatToIntBits(reference[j]), Float.floatToIntBits(Vectors.dot(rows.get(j), q)));
        }
      }
    }
  }
}
