package org.ascmr.jobs.density;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.ascmr.error.BadInputException;

/**
 * The pool's ids in sorted order: an id's rank is its position, so ranks order like the ids and
 * the kNN graph's stages carry an int per neighbour instead of a string (the ties of
 * {@link org.ascmr.density.RankTopK} break by rank, i.e. by id, as before). Built on the driver,
 * where it also finds null and repeated ids, and broadcast (one copy per executor JVM): about
 * 60 bytes per id, so 60 MB at 1M ids. Beyond a few tens of millions of ids a distributed
 * sort with zipWithIndex and a join back to strings would replace it (docs/scaling.md).
 */
public final class IdRanks implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] ids;

  private IdRanks(String[] sortedIds) {
    this.ids = sortedIds;
  }

  /** Collects and sorts the ids of {@code pool} (column id); a null or repeated id names {@code source}. */
  public static IdRanks collect(Dataset<Row> pool, String source) {
    List<String> list = pool.select(col("id")).as(Encoders.STRING()).collectAsList();
    String[] ids = list.toArray(new String[0]);
    list = null;
    for (String id : ids) {
      if (id == null) throw new BadInputException(source, null, "id", "expected a pool id, found null");
    }
    Arrays.sort(ids);
    for (int i = 1; i < ids.length; i++) {
      if (ids[i].equals(ids[i - 1])) {
        int j = i;
        while (j < ids.length && ids[j].equals(ids[i])) j++;
        throw new BadInputException(source, "id " + ids[i], "id", "appears " + (j - i + 1)
            + " times in the pool (unlabelled and labelled together); ids must be unique");
      }
    }
    return new IdRanks(ids);
  }

  public int size() {
    return ids.length;
  }

  /** The id's rank, or -1 when it is not in the pool. */
  public int rank(String id) {
    int r = Arrays.binarySearch(ids, id);
    return r < 0 ? -1 : r;
  }

  public String id(int rank) {
    return ids[rank];
  }

  /** The sorted ids, indexed by rank (not a copy: do not modify). */
  public String[] ids() {
    return ids;
  }
}
