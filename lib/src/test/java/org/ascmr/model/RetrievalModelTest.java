package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.ascmr.error.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;

/** The graph on tiny hand-sized models: outputs, loss by hand, gradient check, save/load, seeds. */
class RetrievalModelTest {

  private static RetrievalModel tiny(int hidden, DataType dt, long seed) {
    ModelSpec spec = Tiny.spec(hidden, true);
    LabelledData d = Tiny.data(8, 11);
    return RetrievalModel.create(spec, RetrievalModel.initialArrays(spec, seed, Tiny.stats(spec, d), null), dt);
  }

  @Test
  void outputsHaveTheDocumentedShapesAndCosineLogits() {
    RetrievalModel m = tiny(0, DataType.FLOAT, 1);
    LabelledData d = Tiny.data(7, 2);
    Embeddings e = m.embed(d.image(), d.text());
    assertEquals(7, e.rows());
    assertEquals(5, e.fv()[0].length);
    assertEquals(3, e.logitsV()[0].length);
    float[][] proto = m.prototypes();
    for (float[] p : proto) assertEquals(1.0, norm(p), 1e-5);
    // logits_v[i][c] = cos(f_v,i, prototype c)
    for (int i = 0; i < 7; i++) {
      for (int c = 0; c < 3; c++) {
        double cos = dot(e.fv()[i], proto[c]) / guardedNorm(e.fv()[i]);
        assertEquals(cos, e.logitsV()[i][c], 1e-5);
      }
      for (float x : e.fv()[i]) assertTrue(x >= 0, "ReLU features");
    }
  }

  /** Embedding runs block-wise products; a row gets the same bits alone as anywhere in a block. */
  @Test
  void aRowEmbedsToTheSameBitsAloneAndInABlock() {
    RetrievalModel m = tiny(4, DataType.FLOAT, 3);
    LabelledData d = Tiny.data(9, 5);
    Embeddings all = m.embed(d.image(), d.text());
    for (int i = 0; i < 9; i++) {
      Embeddings one = m.embed(new float[][] {d.image()[i]}, new float[][] {d.text()[i]});
      assertArrayEquals(all.fv()[i], one.fv()[0], 0f, "row " + i);
      assertArrayEquals(all.ft()[i], one.ft()[0], 0f, "row " + i);
      assertArrayEquals(all.logitsV()[i], one.logitsV()[0], 0f, "row " + i);
      assertArrayEquals(all.logitsT()[i], one.logitsT()[0], 0f, "row " + i);
    }
  }

  @Test
  void lossMatchesMethodFormulaComputedByHand() {
    RetrievalModel m = tiny(0, DataType.DOUBLE, 4);
    LabelledData d = Tiny.data(5, 3);
    float[][] ones = mask(5, 5, 0, 0);
    Embeddings e = m.embed(d.image(), d.text());
    double alpha = m.spec().config().alpha();
    double cls = 0;
    for (int i = 0; i < 5; i++) {
      cls += dist(e.logitsV()[i], d.labels()[i]) / 5 + 0.5 * dist(e.logitsT()[i], d.labels()[i]) / 5;
    }
    double pair = pairTerm(e.fv(), e.fv(), d.labels()) + pairTerm(e.fv(), e.ft(), d.labels())
        + pairTerm(e.ft(), e.ft(), d.labels());
    Map<String, Double> losses = m.losses(d, ones, ones);
    assertEquals(cls, losses.get(RetrievalGraph.LOSS_CLS), 1e-5);
    assertEquals(pair, losses.get(RetrievalGraph.LOSS_PAIR), 1e-5);
    assertEquals(cls + alpha * pair, losses.get(RetrievalGraph.LOSS), 1e-5);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    // With a hidden layer the graph contains every op of the one without.
    for (int hidden : new int[] {3}) {
      RetrievalModel m = tiny(hidden, DataType.DOUBLE, 5 + hidden);
      LabelledData d = Tiny.data(6, 7);
      float[][] mv = mask(6, 5, 0.3, 8);
      float[][] mt = mask(6, 5, 0.3, 9);
      Map<String, INDArray> grads = m.lossAndGradients(d, mv, mt).gradients();
      double h = 1e-6;
      int checked = 0;
      for (String name : m.trainable()) {
        INDArray w = m.array(name);
        INDArray g = grads.get(name);
        // Every array, up to 6 entries spread over it: ~250 forward passes.
        long stride = Math.max(1, (w.length() + 5) / 6);
        for (long k = 0; k < w.length(); k += stride) {
          double orig = w.getDouble(k);
          w.putScalar(k, orig + h);
          double up = m.losses(d, mv, mt).get(RetrievalGraph.LOSS);
          w.putScalar(k, orig - h);
          double down = m.losses(d, mv, mt).get(RetrievalGraph.LOSS);
          w.putScalar(k, orig);
          double numeric = (up - down) / (2 * h);
          double analytic = g.getDouble(k);
          double scale = Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic));
          assertTrue(Math.abs(numeric - analytic) / scale < 1e-4 || Math.abs(numeric - analytic) < 1e-8,
              name + "[" + k + "] analytic " + analytic + " numeric " + numeric + " (hidden " + hidden + ")");
          checked++;
        }
      }
      assertTrue(checked >= 6 * 10, "checked " + checked);
    }
  }

  @Test
  void sameDiffFileRoundTripGivesIdenticalEmbeddings() {
    RetrievalModel m = tiny(3, DataType.FLOAT, 12);
    LabelledData d = Tiny.data(9, 13);
    Embeddings before = m.embed(d.image(), d.text());
    RetrievalModel back = RetrievalModel.fromBytes(m.toBytes(), "test");
    Embeddings after = back.embed(d.image(), d.text());
    assertEquals(m.spec(), back.spec());
    for (int i = 0; i < 9; i++) {
      assertArrayEquals(before.fv()[i], after.fv()[i]);
      assertArrayEquals(before.ft()[i], after.ft()[i]);
      assertArrayEquals(before.logitsV()[i], after.logitsV()[i]);
      assertArrayEquals(before.logitsT()[i], after.logitsT()[i]);
    }
  }

  @Test
  void truncatedFileIsBadInput() {
    byte[] bytes = tiny(0, DataType.FLOAT, 1).toBytes();
    BadInputException e = assertThrows(BadInputException.class,
        () -> RetrievalModel.fromBytes(java.util.Arrays.copyOf(bytes, 40), "model.bin"));
    assertTrue(e.getMessage().startsWith("model.bin"), e.getMessage());
  }

  @Test
  void sameSeedSameTrainingBitForBit() {
    LabelledData d = Tiny.data(40, 21);
    float[][][] runs = new float[2][][];
    for (int r = 0; r < 2; r++) {
      RetrievalModel m = tiny(3, DataType.FLOAT, 30);
      Adam adam = new Adam(0.01, 0.5, 0.999);
      for (int epoch = 1; epoch <= 2; epoch++) {
        EpochTrainer.fitEpoch(m, adam, d, 8, 0.5, LocalTrainer.epochSeed(9, epoch, 0));
      }
      runs[r] = m.embed(d.image(), d.text()).fv();
    }
    for (int i = 0; i < 40; i++) assertArrayEquals(runs[0][i], runs[1][i]);
    RetrievalModel other = tiny(3, DataType.FLOAT, 31);
    assertTrue(!java.util.Arrays.equals(other.embed(d.image(), d.text()).fv()[0], runs[0][0]));
  }

  @Test
  void wordVectorsAreFixedConstants() {
    ModelSpec spec = Tiny.spec(0, false);
    LabelledData d = Tiny.data(20, 41);
    float[][] words = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 1}};
    RetrievalModel m = RetrievalModel.create(spec, RetrievalModel.initialArrays(spec, 2, Tiny.stats(spec, d), words));
    assertTrue(!m.trainable().contains(RetrievalGraph.LABEL_VECTORS));
    Adam adam = new Adam(0.01, 0.5, 0.999);
    EpochTrainer.fitEpoch(m, adam, d, 8, 0.5, 3);
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1},
        m.arrays().get(RetrievalGraph.LABEL_VECTORS).values());
  }

  // ------------------------------------------------------------------ helpers

  private static float[][] mask(int rows, int cols, double p, long seed) {
    return EpochTrainer.mask(new SplittableRandom(seed), rows, cols, p);
  }

  private static double pairTerm(float[][] a, float[][] b, float[][] y) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        double theta = dot(a[i], b[j]) / (guardedNorm(a[i]) * guardedNorm(b[j])) / 2;
        double s = dot(y[i], y[j]);
        sum += Math.log1p(Math.exp(theta)) - s * theta;
      }
    }
    return sum / (a.length * b.length);
  }

  private static double dist(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return Math.sqrt(s);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** The graph's n(x) denominator: sqrt(|x|^2 + 1e-12), finite for an all-zero ReLU row. */
  private static double guardedNorm(float[] a) {
    return Math.sqrt(dot(a, a) + RetrievalGraph.NORM_EPS);
  }

  private static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }
}
