package org.ascmr.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.apache.spark.sql.Row;
import org.ascmr.data.Split;
import org.junit.jupiter.api.Test;

/** The synthetic pool of `bench round`: a row depends only on (seed, i); val and test stay small. */
class SyntheticPoolTest {
  @Test
  void aRowDependsOnlyOnItsIndexAndTheSeed() {
    SyntheticPool a = new SyntheticPool(1_000, 16, 5, 3);
    SyntheticPool b = new SyntheticPool(5_000, 16, 5, 3); // another size: same rows
    Row x = a.row(417);
    Row y = b.row(417);
    assertEquals(SyntheticPool.id(417), x.getString(0));
    for (int f = 2; f <= 4; f++) assertArrayEquals((float[]) x.get(f), (float[]) y.get(f), "field " + f);
    Row other = new SyntheticPool(1_000, 16, 5, 4).row(417);
    assertNotEquals(((float[]) x.get(2))[0], ((float[]) other.get(2))[0]);
  }

  @Test
  void valAndTestAreEveryTwoHundredthPairOfTheFirst400000() {
    assertEquals(Split.VAL, SyntheticPool.split(0));
    assertEquals(Split.TEST, SyntheticPool.split(1));
    assertEquals(Split.TRAIN, SyntheticPool.split(2));
    assertEquals(Split.VAL, SyntheticPool.split(399_800));
    assertEquals(Split.TRAIN, SyntheticPool.split(400_000));
    List<String[]> first = new SyntheticPool(1_000, 4, 3, 1).firstTrain(3);
    assertEquals(List.of(SyntheticPool.id(2), SyntheticPool.id(3), SyntheticPool.id(4)),
        first.stream().map(p -> p[0]).toList());
  }
}
