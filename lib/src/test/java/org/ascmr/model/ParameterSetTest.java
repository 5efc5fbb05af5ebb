package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSetTest {
  @Test
  void bytesRoundTrip() {
    ParameterSet p = new ParameterSet().put("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6})
        .put("b", new long[] {1, 1}, new float[] {-0.5f});
    ParameterSet q = ParameterSet.fromBytes(p.toBytes());
    assertEquals(List.of("w", "b"), q.names());
    assertArrayEquals(new long[] {2, 3}, q.get("w").shape());
    assertArrayEquals(p.get("w").values(), q.get("w").values());
    assertArrayEquals(new float[] {-0.5f}, q.get("b").values());
  }

  @Test
  void weightedMeanByHand() {
    ParameterSet a = new ParameterSet().put("w", new long[] {1, 2}, new float[] {1, 2});
    ParameterSet b = new ParameterSet().put("w", new long[] {1, 2}, new float[] {4, 8});
    // weights 1:2 -> (1 + 2*4)/3 = 3, (2 + 2*8)/3 = 6
    assertArrayEquals(new float[] {3, 6}, ParameterSet.weightedMean(List.of(a, b), new double[] {1, 2}).get("w")
        .values(), 1e-6f);
  }

  @Test
  void shapeMismatchIsRejected() {
    ParameterSet a = new ParameterSet().put("w", new long[] {1, 2}, new float[] {1, 2});
    ParameterSet b = new ParameterSet().put("w", new long[] {2, 1}, new float[] {1, 2});
    assertThrows(IllegalArgumentException.class, () -> ParameterSet.weightedMean(List.of(a, b), new double[] {1, 1}));
    assertThrows(IllegalArgumentException.class, () -> new ParameterSet().put("w", new long[] {2, 2}, new float[3]));
  }
}
