package org.ascmr.model;

import java.util.List;
import java.util.Random;

/** Small models and random data for the model tests (seconds, not minutes). */
final class Tiny {
  private Tiny() {}

  static ModelSpec spec(int hidden, boolean learnedLabels) {
    ModelConfig c = new ModelConfig(5, hidden, 0.5, 2, 4, 0.4, 0.7, true, 0, 0);
    return new ModelSpec(4, 3, List.of("a", "b", "c"), c, learnedLabels);
  }

  /** {@code n} rows of Gaussian features and random non-empty multi-hot labels over 3 labels. */
  static LabelledData data(int n, long seed) {
    Random r = new Random(seed);
    float[][] img = new float[n][4];
    float[][] txt = new float[n][3];
    float[][] y = new float[n][3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) img[i][j] = (float) r.nextGaussian();
      for (int j = 0; j < 3; j++) txt[i][j] = (float) r.nextGaussian();
      y[i][r.nextInt(3)] = 1;
      if (r.nextBoolean()) y[i][r.nextInt(3)] = 1;
    }
    return new LabelledData(img, txt, y);
  }

  static LabelledStats stats(ModelSpec spec, LabelledData d) {
    return LabelledStats.of(spec, d);
  }
}
