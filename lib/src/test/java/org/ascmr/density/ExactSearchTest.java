package org.ascmr.density;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSearchTest {

  private static float[][] randomUnits(Random r, int n, int dim) {
    float[][] out = new float[n][dim];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dim; d++) out[i][d] = (float) r.nextGaussian();
      out[i] = Vectors.normalise(out[i]);
    }
    return out;
  }

  @Test
  void matchesSortingAllSimilarities() {
    Random r = new Random(3);
    float[][] rows = randomUnits(r, 5000, 16); // more than one internal block
    String[] ids = new String[rows.length];
    for (int i = 0; i < ids.length; i++) ids[i] = String.format("x%05d", i);
    ExactSearch s = new ExactSearch(new String[] {ids[10], "outside"}, new float[][] {rows[10], rows[20]}, 5);
    for (int i = 0; i < rows.length; i++) s.add(ids[i], rows[i]);
    List<Neighbours> res = s.result();
    for (int q = 0; q < 2; q++) {
      TopK naive = new TopK(5);
      float[] qv = q == 0 ? rows[10] : rows[20];
      for (int i = 0; i < rows.length; i++) if (!(q == 0 && i == 10)) naive.offer(ids[i], Vectors.dot(qv, rows[i]));
      assertEquals(naive.result(), res.get(q));
    }
    assertEquals(ids[20], res.get(1).ids()[0]); // not excluded: its query id differs
  }

  @Test
  void mergeOfHalvesEqualsWholeAfterSerialisation() throws Exception {
    Random r = new Random(4);
    float[][] rows = randomUnits(r, 900, 8);
    String[] qids = {"q0", "q1", "q2"};
    float[][] qs = randomUnits(r, 3, 8);
    ExactSearch whole = new ExactSearch(qids, qs, 7);
    ExactSearch a = new ExactSearch(qids, qs, 7);
    ExactSearch b = new ExactSearch(qids, qs, 7);
    for (int i = 0; i < rows.length; i++) {
      whole.add("r" + i, rows[i]);
      (i % 3 == 0 ? a : b).add("r" + i, rows[i]);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(b); // pending rows are searched before they would be lost
    }
    ExactSearch b2;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      b2 = (ExactSearch) in.readObject();
    }
    assertEquals(whole.result(), a.merge(b2).result());
  }
}
