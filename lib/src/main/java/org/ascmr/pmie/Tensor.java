package org.ascmr.pmie;

import java.io.Serializable;
import java.util.Arrays;

/** A named weight of the estimator: its shape (row-major) and values. */
public record Tensor(int[] shape, float[] data) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Tensor {
    int n = 1;
    for (int s : shape) n *= s;
    if (n != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
          + data.length);
    }
  }

  public static Tensor zeros(int... shape) {
    int n = 1;
    for (int s : shape) n *= s;
    return new Tensor(shape.clone(), new float[n]);
  }

  public static Tensor filled(float value, int... shape) {
    Tensor t = zeros(shape);
    Arrays.fill(t.data, value);
    return t;
  }

  public int rows() {
    return shape.length == 0 ? 1 : shape[0];
  }

  public int cols() {
    return shape.length < 2 ? 1 : shape[1];
  }

  public Tensor copy() {
    return new Tensor(shape.clone(), data.clone());
  }
}
