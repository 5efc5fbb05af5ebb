package org.ascmr.testing;

import java.util.ArrayList;
import java.util.List;
import org.ascmr.data.WikipediaBenchmark;
import org.ascmr.density.Vectors;

/**
 * Real unit vectors for density and allocation tests: each Wikipedia pair's image (128-d SIFT
 * bag of words) and text (10-d LDA topics) features, each L2-normalised, concatenated and
 * normalised again, so both modalities weigh equally in the cosine.
 */
public final class WikipediaVectors {
  private WikipediaVectors() {}

  public static float[] unit(WikipediaBenchmark.Item item) {
    float[] img = Vectors.normalise(item.image());
    float[] txt = Vectors.normalise(item.text());
    float[] cat = new float[img.length + txt.length];
    System.arraycopy(img, 0, cat, 0, img.length);
    System.arraycopy(txt, 0, cat, img.length, txt.length);
    return Vectors.normalise(cat);
  }

  /** Unit vectors of the train split, in file order. */
  public static List<float[]> trainUnits() {
    List<float[]> out = new ArrayList<>();
    for (WikipediaBenchmark.Item it : Wikipedia.data().train()) out.add(unit(it));
    return out;
  }

  /** Pool ids of the train split, "wiki-" + 4-digit row, so String order = file order. */
  public static String id(WikipediaBenchmark.Item item) {
    return String.format("wiki-%04d", item.row());
  }

  /**
   * A deterministic stand-in for informativeness from the real data: the normalised entropy of
   * the text's LDA topic mixture (an ambiguous text is a pair worth asking about), in [0, 1].
   */
  public static double textEntropy(WikipediaBenchmark.Item item) {
    float[] t = item.text();
    double sum = 0;
    for (float v : t) sum += Math.max(0, v);
    if (sum <= 0) return 1.0;
    double h = 0;
    for (float v : t) {
      double p = Math.max(0, v) / sum;
      if (p > 0) h -= p * Math.log(p);
    }
    return h / Math.log(t.length);
  }
}
