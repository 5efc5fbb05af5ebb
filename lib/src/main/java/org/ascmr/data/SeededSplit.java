package org.ascmr.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks a seeded fraction of items by id alone, so the pick does not depend on input order,
 * partitioning or machine: every id gets the key {@code splitmix64(seed XOR fnv1a64(utf8(id)))},
 * and the {@code round(fraction * n)} ids with the smallest keys (ties by id) are picked.
 */
public final class SeededSplit {
  private SeededSplit() {}

  /** The picked ids, in key order. */
  public static Set<String> pick(Collection<String> ids, double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
    int n = (int) Math.round(fraction * ids.size());
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(Comparator.<String>comparingLong(id -> key(seed, id)).thenComparing(Comparator.naturalOrder()));
    return new LinkedHashSet<>(sorted.subList(0, n));
  }

  /** The sort key of {@code id} under {@code seed}; unsigned order is irrelevant, only equality of orders. */
  public static long key(long seed, String id) {
    return mix(seed ^ fnv1a64(id));
  }

  /**
   * A key of {@code id} for one of several independent draws under the same seed (the salt: a
   * round number, a purpose), e.g. the random baseline's pick in round 3 of seed 7.
   */
  public static long key(long seed, long salt, String id) {
    return key(seed, salt, fnv1a64(id));
  }

  /** {@link #key(long, long, String)} from the id's {@link #fnv1a64} hash, for callers that hash once. */
  public static long key(long seed, long salt, long idHash) {
    return mix(mix(seed ^ mix(salt + 0x9e3779b97f4a7c15L)) ^ idHash);
  }

  /** A uniform double in [0, 1) from {@link #key(long, long, String)}: for Bernoulli samples. */
  public static double unit(long seed, long salt, String id) {
    return unit(key(seed, salt, id));
  }

  /** A uniform double in [0, 1) from the top 53 bits of a well-mixed 64-bit value. */
  public static double unit(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }

  /** 64-bit FNV-1a of the id's UTF-8 bytes (String.hashCode has only 32 bits). */
  public static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64's finaliser: spreads nearby inputs over the whole range. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * MIX1;
    z = (z ^ (z >>> 27)) * MIX2;
    return z ^ (z >>> 31);
  }

  /** SplitMix64's two multipliers ({@link VectorSplitMix} uses them too). */
  static final long MIX1 = 0xbf58476d1ce4e5b9L;
  static final long MIX2 = 0x94d049bb133111ebL;

  /** How {@link #pick} chooses, for notes in metadata. */
  public static String describe(double fraction, long seed) {
    return "the round(" + fraction + " * n) ids with the smallest splitmix64(" + seed
        + " XOR fnv1a64(utf8(id))) (signed 64-bit order, ties by id)";
  }
}
