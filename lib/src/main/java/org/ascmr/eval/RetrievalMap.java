package org.ascmr.eval;

/** I2T, T2I and mean mAP@all of one evaluation (method.md §3). */
public record RetrievalMap(double i2t, double t2i, int imageQueries, int textQueries) {
  public double mean() {
    return (i2t + t2i) / 2;
  }
}
