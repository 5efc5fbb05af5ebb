package org.ascmr.pmie;

import java.util.Map;
import java.util.Random;
import org.ascmr.data.SeededSplit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loss graph: gradients against finite differences, and log-space behaviour far apart. */
class PmieGraphTest {
  /** Tiny graphs: ND4J's OpenMP threads would only spin (badly, on a busy machine). */
  @BeforeAll
  static void oneThread() {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
  }

  static final PmieDims DIMS = new PmieDims(4, 3, 5, 3);
  static final int K = 2;
  static final int B = 3;

  static PmieBatch batch(long seed, double dropout) {
    Random r = new Random(seed);
    float[][] xv = new float[B][DIMS.imageDim()];
    float[][] xt = new float[B][DIMS.textDim()];
    long[] ids = new long[B];
    for (int i = 0; i < B; i++) {
      for (int j = 0; j < xv[i].length; j++) xv[i][j] = (float) r.nextGaussian();
      for (int j = 0; j < xt[i].length; j++) xt[i][j] = (float) r.nextGaussian();
      ids[i] = SeededSplit.fnv1a64("pair-" + i);
    }
    return PmieBatch.of(DIMS, K, xv, xt, ids, seed, 1, dropout);
  }

  /**
   * Central differences in double precision against SameDiff's gradients: for each trainable
   * weight, the derivative along a random direction of that weight's entries (a wrong gradient
   * entry shows in it unless the error is exactly orthogonal to the direction), plus single
   * entries of the scale and shift. Dropout masks are on, so the masked path is checked too.
   */
  @Test
  void gradientsMatchFiniteDifferences() {
    PmieParams init = PmieParams.init(DIMS, 3, null);
    // a smaller scale keeps the match probabilities away from 0 and 1, so every term matters
    init = init.with(PmieParams.SCALE, Tensor.filled(0.5f, 1, 1));
    PmieGraph g = new PmieGraph(init, K, 0.7, DataType.DOUBLE);
    PmieBatch b = batch(5, 0.3);
    Map<String, INDArray> grads = g.gradients(b);
    Random r = new Random(17);
    double h = 1e-5;
    double worst = 0;
    for (String name : g.trainableNames()) {
      INDArray w = g.value(name);
      INDArray orig = w.dup();
      INDArray direction = orig.ulike();
      for (long i = 0; i < direction.length(); i++) direction.putScalar(i, r.nextGaussian());
      double analytic = grads.get(name).mul(direction).sumNumber().doubleValue();
      g.setValue(name, orig.add(direction.mul(h)));
      double plus = g.loss(b);
      g.setValue(name, orig.sub(direction.mul(h)));
      double minus = g.loss(b);
      g.setValue(name, orig);
      double numeric = (plus - minus) / (2 * h);
      double err = Math.abs(numeric - analytic) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic));
      worst = Math.max(worst, err);
      assertTrue(Math.abs(analytic) > 1e-9, name + ": gradient is zero along a random direction");
      assertTrue(err < 1e-6, name + ": analytic " + analytic + " vs numeric " + numeric);
    }
    System.out.printf("gradient check: %d weights, worst relative error %.2e%n", g.trainableNames().size(), worst);
  }

  /** Pairs far apart (exp form: p = 0 everywhere): the loss and its gradient stay finite. */
  @Test
  void lossIsFiniteOnHugeDistances() {
    PmieParams init = PmieParams.init(DIMS, 3, null)
        .with(PmieParams.SCALE, Tensor.filled(1e4f, 1, 1));
    PmieGraph g = new PmieGraph(init, K, 1.0, DataType.FLOAT);
    PmieBatch b = batch(6, 0.0);
    Map<String, INDArray> out = g.output(b, PmieGraph.LOSS, PmieGraph.LOG_P);
    double loss = out.get(PmieGraph.LOSS).getDouble(0);
    INDArray logP = out.get(PmieGraph.LOG_P);
    assertTrue(Double.isFinite(loss) && loss > 1e3, "loss " + loss);
    for (long i = 0; i < logP.length(); i++) {
      assertTrue(Double.isFinite(logP.getDouble(i)) && logP.getDouble(i) < -1e3, "log p " + logP.getDouble(i));
    }
    for (Map.Entry<String, INDArray> e : g.gradients(b).entrySet()) {
      for (long i = 0; i < e.getValue().length(); i++) {
        assertTrue(Double.isFinite(e.getValue().getDouble(i)), "gradient of " + e.getKey() + "[" + i + "]");
      }
    }
  }

  @Test
  void lossHandValueOnIdenticalPointMasses() {
    // Image and text towers give identical means (same weights, same inputs, E' = input dims, no
    // projection) and sigma = e^-10: every positive has distance ~0, so
    // log p_ii = log sigmoid(2c) = -softplus(-10); negatives at distance d_ij give
    // log(1 - p_ij) = -softplus(2(c - a d_ij)). With a = 0: every logit is 2c = 10.
    PmieDims dims = new PmieDims(3, 3, 3, 2);
    PmieParams p = PmieParams.init(dims, 1, null);
    for (String local : new String[] {PmieParams.M1_W, PmieParams.M1_B, PmieParams.M2_W, PmieParams.M2_B,
        PmieParams.MU_W, PmieParams.MU_B, PmieParams.LN_G, PmieParams.LN_B}) {
      p = p.with(Modality.TEXT.name(local), p.get(Modality.IMAGE, local).copy());
    }
    for (Modality m : Modality.values()) {
      p = p.with(m.name(PmieParams.SIG_W), Tensor.zeros(2, 3)).with(m.name(PmieParams.SIG_B), Tensor.filled(-10f, 3));
    }
    p = p.with(PmieParams.SCALE, Tensor.zeros(1, 1));
    PmieGraph g = new PmieGraph(p, 2, 1.0, DataType.DOUBLE);
    float[][] x = {{1, 2, 3}, {-1, 0, 2}};
    PmieBatch b = PmieBatch.of(dims, 2, x, x, new long[] {1, 2}, 0, 0, 0.0);
    Map<String, INDArray> out = g.output(b, PmieGraph.NLL, PmieGraph.WASSERSTEIN);
    // NLL = -2 * mean over 4 entries of [2 * log sigmoid(10) + 2 * log sigmoid(-10)]
    double expected = -2 * (2 * LogSpace.logSigmoid(10) + 2 * LogSpace.logSigmoid(-10)) / 4;
    assertEquals(expected, out.get(PmieGraph.NLL).getDouble(0), 1e-9);
    assertEquals(0.0, out.get(PmieGraph.WASSERSTEIN).getDouble(0), 1e-12);
  }
}
