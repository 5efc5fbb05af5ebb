package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A row's embedding must not depend on which other rows share its forward pass: Spark splits a
 * pool into partitions differently on every cluster, and the selection is made from these
 * vectors. Issue 13 measured 68 of 300 rows with other bits after a 97 + 203 split. At the
 * experiment's sizes (256-d image, 1,000-d text, hidden 1,024, E 1,024) the same rows are embedded
 * in one call and in uneven pieces; every float must be identical.
 */
class EmbedBlockInvarianceTest {

  @Test
  void sameRowsSameBitsWhateverTheSplit() {
    ModelConfig c = new ModelConfig(256, 512, 0.5, 2, 64, 0.4, 0.7, true, 0, 0);
    List<String> labels = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    ModelSpec spec = new ModelSpec(256, 1000, labels, c, true);
    LabelledData d = data(300, labels.size(), 5);
    RetrievalModel m = RetrievalModel.create(spec, RetrievalModel.initialArrays(spec, 3, LabelledStats.of(spec, d),
        null));
    Embeddings whole = m.embed(d.image(), d.text());
    int[][] splits = {{97, 203}, {1, 299}, {150, 150}, {33, 67, 200}};
    for (int[] split : splits) {
      int start = 0;
      for (int len : split) {
        float[][] img = java.util.Arrays.copyOfRange(d.image(), start, start + len);
        float[][] txt = java.util.Arrays.copyOfRange(d.text(), start, start + len);
        Embeddings part = m.embed(img, txt);
        for (int i = 0; i < len; i++) {
          String where = "row " + (start + i) + " in a piece of " + len;
          assertArrayEquals(whole.fv()[start + i], part.fv()[i], 0f, where);
          assertArrayEquals(whole.ft()[start + i], part.ft()[i], 0f, where);
          assertArrayEquals(whole.logitsV()[start + i], part.logitsV()[i], 0f, where);
          assertArrayEquals(whole.logitsT()[start + i], part.logitsT()[i], 0f, where);
        }
        start += len;
      }
    }
  }

  private static LabelledData data(int n, int numLabels, long seed) {
    Random r = new Random(seed);
    float[][] img = new float[n][256];
    float[][] txt = new float[n][1000];
    float[][] y = new float[n][numLabels];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 256; j++) img[i][j] = (float) Math.abs(r.nextGaussian());
      for (int j = 0; j < 1000; j++) txt[i][j] = r.nextInt(20) == 0 ? (float) r.nextDouble() : 0f;
      y[i][r.nextInt(numLabels)] = 1;
    }
    return new LabelledData(img, txt, y);
  }
}
