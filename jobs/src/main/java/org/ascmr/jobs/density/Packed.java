package org.ascmr.jobs.density;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ascmr.density.RankList;

/**
 * Vectors and neighbour lists as binary columns between the density stage's own steps. An
 * array&lt;float&gt; column reaches a Row-based function as a sequence of boxed Floats (one object
 * per value, built on every read of a shuffled or cached row: the profile of the 1M graph showed
 * that building as a large share of the routing and search steps); a binary column arrives as
 * one byte[] that is unpacked straight into a primitive buffer. Little-endian, no header: a
 * vector is 4 D bytes, a list of m neighbours m ranks then m similarities.
 */
final class Packed {
  private Packed() {}

  static byte[] floats(float[] a, int off, int len) {
    ByteBuffer b = ByteBuffer.allocate(4 * len).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(a, off, len);
    return b.array();
  }

  /** Values in a packed vector. */
  static int length(byte[] packed) {
    return packed.length / 4;
  }

  /** Unpacks a vector into {@code dst} from {@code off}. */
  static void floatsInto(byte[] packed, float[] dst, int off) {
    ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, off, packed.length / 4);
  }

  static float[] floats(byte[] packed) {
    float[] out = new float[length(packed)];
    floatsInto(packed, out, 0);
    return out;
  }

  static byte[] list(RankList l) {
    int m = l.size();
    ByteBuffer b = ByteBuffer.allocate(8 * m).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(l.ranks());
    b.position(4 * m);
    b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(l.similarities());
    return b.array();
  }

  static RankList list(byte[] packed) {
    int m = packed.length / 8;
    int[] ranks = new int[m];
    float[] sims = new float[m];
    ByteBuffer b = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().get(ranks);
    b.position(4 * m);
    b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(sims);
    return new RankList(ranks, sims);
  }
}
