package org.ascmr.jobs.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ascmr.density.RankList;
import org.ascmr.error.BadInputException;
import org.ascmr.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The id dictionary and the packed columns the density stage ships between its steps. */
class IdRanksTest {
  private static final SparkSession spark = SparkTestSession.get();

  private static Dataset<Row> pool(String... ids) {
    List<Row> rows = new ArrayList<>();
    for (String id : ids) rows.add(RowFactory.create(id, false));
    return spark.createDataFrame(rows, new StructType().add("id", "string").add("labelled", "boolean")).repartition(3);
  }

  @Test
  void ranksAreThePositionsInIdOrderWhateverThePartitioning() {
    IdRanks r = IdRanks.collect(pool("p-10", "p-2", "a", "p-1", "Z"), "pool");
    assertArrayEquals(new String[] {"Z", "a", "p-1", "p-10", "p-2"}, r.ids()); // String order, as Neighbours
    assertEquals(3, r.rank("p-10"));
    assertEquals("p-2", r.id(4));
    assertEquals(-1, r.rank("missing"));
  }

  @Test
  void repeatedIdIsBadInputNamingItAndItsCount() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> IdRanks.collect(pool("b", "a", "c", "a", "d", "a"), "scores/data"));
    assertTrue(e.getMessage().contains("id a"), e.getMessage());
    assertTrue(e.getMessage().contains("appears 3 times"), e.getMessage());
    assertTrue(e.getMessage().contains("scores/data"), e.getMessage());
    assertEquals("id", e.field());
  }

  @Test
  void nullIdIsBadInput() {
    BadInputException e = assertThrows(BadInputException.class, () -> IdRanks.collect(pool("a", null), "scores/data"));
    assertTrue(e.getMessage().contains("expected a pool id, found null"), e.getMessage());
  }

  @Test
  void packedVectorsAndListsRoundTrip() {
    float[] x = {1.5f, -0f, Float.MIN_VALUE, -3.25e7f, 0.1f};
    float[] row = new float[9];
    Packed.floatsInto(Packed.floats(x, 0, 5), row, 2);
    assertArrayEquals(x, Arrays.copyOfRange(row, 2, 7));
    assertEquals(3, Packed.length(Packed.floats(x, 1, 3)));
    RankList l = new RankList(new int[] {7, 0, Integer.MAX_VALUE}, new float[] {0.9f, 0.5f, -0.25f});
    assertEquals(l, Packed.list(Packed.list(l)));
    assertEquals(new RankList(new int[0], new float[0]), Packed.list(Packed.list(new RankList(new int[0], new float[0]))));
  }
}
