package org.ascmr.pmie;

import java.nio.charset.StandardCharsets;

/**
 * Monte-Carlo noise that depends only on (seed, salt, item id): a scored pair gets the same
 * eps whichever partition, batch or executor it lands in, on any JVM. SplitMix64 streams and
 * Marsaglia's polar method with StrictMath (fdlibm), so the values are bit-for-bit portable.
 */
public final class Noise {
  /** Salt of the noise used when scoring (training epochs use their epoch number). */
  public static final long SCORING_SALT = 0x5C0E5C0E5C0EL;

  private Noise() {}

  /** 64-bit FNV-1a of the id's UTF-8 bytes: a stable id hash (String.hashCode is only 32 bits). */
  public static long hashId(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Start state of the stream of one item. */
  public static long itemState(long seed, long salt, long idHash) {
    return mix(mix(seed ^ 0x9E3779B97F4A7C15L) ^ mix(salt + 0x632BE59BD9B4E019L) ^ idHash);
  }

  /** Uniform in [0, 1) from a hash, for seeded sampling and splits keyed by id. */
  public static double uniform(long seed, long salt, String id) {
    return (mix(itemState(seed, salt, hashId(id))) >>> 11) * 0x1.0p-53;
  }

  /** Fills {@code out[from, from + n)} with standard normal values from the stream at {@code state}. */
  public static void gaussians(long state, float[] out, int from, int n) {
    long s = state;
    int i = from;
    int end = from + n;
    while (i < end) {
      double u;
      double v;
      double q;
      do {
        s += 0x9E3779B97F4A7C15L;
        u = ((mix(s) >>> 11) * 0x1.0p-53) * 2 - 1;
        s += 0x9E3779B97F4A7C15L;
        v = ((mix(s) >>> 11) * 0x1.0p-53) * 2 - 1;
        q = u * u + v * v;
      } while (q >= 1 || q == 0);
      double f = StrictMath.sqrt(-2 * StrictMath.log(q) / q);
      out[i++] = (float) (u * f);
      if (i < end) out[i++] = (float) (v * f);
    }
  }

  /** SplitMix64's finaliser (Steele, Lea, Flood 2014). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
