package org.ascmr.model;

import java.io.Serializable;

/**
 * Per-dimension mean and standard deviation of one modality's feature vectors over the labelled
 * rows, mergeable across partitions (Chan et al.'s parallel variance, in double). The model
 * standardises its inputs with them: benchmark features such as the Wikipedia SIFT histograms
 * (entries ~1/128) are otherwise so small that the encoders' biases drown the signal and
 * training crawls.
 */
public final class FeatureStats implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Dimensions with a smaller standard deviation are left unscaled (constant features). */
  static final double MIN_STD = 1e-8;

  private final double[] mean;
  private final double[] m2;
  private long count;

  public FeatureStats(int dim) {
    mean = new double[dim];
    m2 = new double[dim];
  }

  public FeatureStats add(float[] x) {
    if (x.length != mean.length) {
      throw new IllegalArgumentException("expected " + mean.length + " values, got " + x.length);
    }
    count++;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - mean[i];
      mean[i] += d / count;
      m2[i] += d * (x[i] - mean[i]);
    }
    return this;
  }

  public FeatureStats merge(FeatureStats o) {
    if (o.mean.length != mean.length) throw new IllegalArgumentException("dimensions differ");
    if (o.count == 0) return this;
    long n = count + o.count;
    for (int i = 0; i < mean.length; i++) {
      double d = o.mean[i] - mean[i];
      m2[i] += o.m2[i] + d * d * count * o.count / n;
      mean[i] += d * o.count / n;
    }
    count = n;
    return this;
  }

  public long count() {
    return count;
  }

  public float[] mean() {
    float[] out = new float[mean.length];
    for (int i = 0; i < out.length; i++) out[i] = (float) mean[i];
    return out;
  }

  /** Population standard deviation per dimension. */
  public double[] std() {
    double[] out = new double[mean.length];
    for (int i = 0; i < out.length; i++) out[i] = count == 0 ? 0 : Math.sqrt(m2[i] / count);
    return out;
  }

  /** 1 / std per dimension (1 where the feature is constant). */
  public float[] scale() {
    double[] s = std();
    float[] out = new float[s.length];
    for (int i = 0; i < out.length; i++) out[i] = s[i] < MIN_STD ? 1f : (float) (1.0 / s[i]);
    return out;
  }
}
