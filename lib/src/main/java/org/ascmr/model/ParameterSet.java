package org.ascmr.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named float arrays with their shapes, in a fixed order: the weights of a model, or one moment
 * of the Adam state. Plain Java, so it crosses Spark (broadcast, task results) as bytes and is
 * averaged on the driver without ND4J.
 */
public final class ParameterSet {
  private static final int MAGIC = 0x41534D50; // "ASMP"

  /** One named array: row-major values and the shape they fill. */
  public record Entry(String name, long[] shape, float[] values) {
    public Entry {
      long n = 1;
      for (long s : shape) n *= s;
      if (n != values.length) {
        throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
            + " values, got " + values.length);
      }
    }
  }

  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  public ParameterSet put(String name, long[] shape, float[] values) {
    entries.put(name, new Entry(name, shape.clone(), values));
    return this;
  }

  public Entry get(String name) {
    return entries.get(name);
  }

  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  public Map<String, Entry> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }

  public int size() {
    return entries.size();
  }

  /** Total number of values. */
  public long count() {
    long n = 0;
    for (Entry e : entries.values()) n += e.values().length;
    return n;
  }

  /**
   * The weighted mean of {@code sets} (same names and shapes), weights normalised to sum 1; the
   * sum runs in double and in the given order, so the result does not depend on anything else.
   */
  public static ParameterSet weightedMean(List<ParameterSet> sets, double[] weights) {
    if (sets.isEmpty() || sets.size() != weights.length) {
      throw new IllegalArgumentException("need one weight per set: " + sets.size() + " sets, " + weights.length
          + " weights");
    }
    double total = 0;
    for (double w : weights) total += w;
    if (!(total > 0)) throw new IllegalArgumentException("weights must sum to > 0");
    ParameterSet first = sets.get(0);
    // One set: its mean is itself, exactly (1.0 * v rounds back to v).
    if (sets.size() == 1) return first;
    ParameterSet out = new ParameterSet();
    for (Entry e : first.entries.values()) {
      double[] acc = new double[e.values().length];
      for (int s = 0; s < sets.size(); s++) {
        Entry other = sets.get(s).entries.get(e.name());
        if (other == null || !Arrays.equals(other.shape(), e.shape())) {
          throw new IllegalArgumentException("set " + s + " lacks " + e.name() + " " + Arrays.toString(e.shape()));
        }
        double w = weights[s] / total;
        float[] v = other.values();
        for (int i = 0; i < acc.length; i++) acc[i] += w * v[i];
      }
      float[] mean = new float[acc.length];
      for (int i = 0; i < acc.length; i++) mean[i] = (float) acc[i];
      out.put(e.name(), e.shape(), mean);
    }
    return out;
  }

  public byte[] toBytes() {
    int size = 8;
    for (Entry e : entries.values()) {
      size += 4 + e.name().getBytes(StandardCharsets.UTF_8).length + 4 + 8 * e.shape().length + 4 * e.values().length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(entries.size());
    for (Entry e : entries.values()) {
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      b.putInt(name.length).put(name).putInt(e.shape().length);
      for (long s : e.shape()) b.putLong(s);
      b.asFloatBuffer().put(e.values());
      b.position(b.position() + 4 * e.values().length);
    }
    return b.array();
  }

  public static ParameterSet fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 8 || b.getInt() != MAGIC) throw new IllegalArgumentException("not a parameter set");
    int n = b.getInt();
    ParameterSet out = new ParameterSet();
    for (int k = 0; k < n; k++) {
      byte[] name = new byte[b.getInt()];
      b.get(name);
      long[] shape = new long[b.getInt()];
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = b.getLong();
        count *= shape[i];
      }
      float[] values = new float[Math.toIntExact(count)];
      b.asFloatBuffer().get(values);
      b.position(b.position() + 4 * values.length);
      out.put(new String(name, StandardCharsets.UTF_8), shape, values);
    }
    return out;
  }
}
