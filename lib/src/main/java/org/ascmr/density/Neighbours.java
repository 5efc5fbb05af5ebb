package org.ascmr.density;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A neighbour list, best first: similarity descending, ties by id ascending (String order).
 *
 * @param ids          neighbour ids
 * @param similarities their similarities, aligned with {@code ids}
 */
public record Neighbours(String[] ids, float[] similarities) implements Serializable {
  public static final Neighbours EMPTY = new Neighbours(new String[0], new float[0]);

  public Neighbours {
    if (ids.length != similarities.length) {
      throw new IllegalArgumentException("ids and similarities differ in length: " + ids.length + " vs "
          + similarities.length);
    }
  }

  public int size() {
    return ids.length;
  }

  /** The total order of neighbour lists: negative when (s1, id1) ranks before (s2, id2). */
  public static int compare(float s1, String id1, float s2, String id2) {
    int c = Float.compare(s2, s1);
    return c != 0 ? c : id1.compareTo(id2);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Neighbours n && Arrays.equals(ids, n.ids) && Arrays.equals(similarities, n.similarities);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(similarities);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < ids.length; i++) {
      if (i > 0) b.append(", ");
      b.append(ids[i]).append('=').append(similarities[i]);
    }
    return b.append(']').toString();
  }
}
