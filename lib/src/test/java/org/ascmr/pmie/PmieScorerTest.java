package org.ascmr.pmie;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.ascmr.data.SeededSplit;
import org.ascmr.linalg.RowMatmul;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-partition scorer: same model as the SameDiff graph, and independent of batching. */
class PmieScorerTest {
  static final PmieDims DIMS = new PmieDims(12, 6, 8, 10);
  static final int K = 3;
  static final int N = 9;
  static final long SEED = 11;

  static PmieModel model() {
    Random r = new Random(4);
    // image: centring and a scale; text: a whitening matrix
    Map<Modality, InputNormaliser> norms = new EnumMap<>(Modality.class);
    for (Modality m : Modality.values()) {
      int d = DIMS.inputDim(m);
      float[] mean = new float[d];
      float[] std = new float[d];
      float[] white = new float[d * d];
      for (int j = 0; j < d; j++) {
        mean[j] = (float) r.nextGaussian();
        std[j] = 0.5f + r.nextFloat();
      }
      for (int j = 0; j < d * d; j++) white[j] = (float) (0.3 * r.nextGaussian());
      norms.put(m, new InputNormaliser(mean, std, m == Modality.TEXT ? white : null));
    }
    PmieParams p = PmieParams.init(DIMS, 9, norms);
    // non-trivial biases, gains and log-sigma so that every term of the forward pass shows
    for (Modality m : Modality.values()) {
      for (String local : new String[] {PmieParams.M1_B, PmieParams.MU_B, PmieParams.SIG_B, PmieParams.LN_G,
          PmieParams.LN_B}) {
        Tensor t = p.get(m, local).copy();
        for (int j = 0; j < t.data().length; j++) t.data()[j] += (float) (0.3 * r.nextGaussian());
        p = p.with(m.name(local), t);
      }
    }
    return new PmieModel(p.with(PmieParams.SCALE, Tensor.filled(0.8f, 1, 1)));
  }

  static float[][] rows(int n, int dim, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][dim];
    for (float[] row : x) for (int j = 0; j < dim; j++) row[j] = (float) (2 * r.nextGaussian() + 1);
    return x;
  }

  static float[] flat(float[][] x) {
    float[] out = new float[x.length * x[0].length];
    for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, out, i * x[i].length, x[i].length);
    return out;
  }

  static long[] hashes(int n) {
    long[] h = new long[n];
    for (int i = 0; i < n; i++) h[i] = SeededSplit.fnv1a64("id-" + i);
    return h;
  }

  static PairScores score(PmieScorer s, float[][] xv, float[][] xt, long[] h) {
    PairScores out = new PairScores(xv.length, DIMS.embedDim());
    s.score(flat(xv), flat(xt), h, xv.length, s.workspace(xv.length), out);
    return out;
  }

  @Test
  void agreesWithTheTrainingGraph() {
    PmieModel model = model();
    float[][] xv = rows(N, DIMS.imageDim(), 1);
    float[][] xt = rows(N, DIMS.textDim(), 2);
    long[] h = hashes(N);
    PairScores scores = score(new PmieScorer(model, K, false, SEED), xv, xt, h);

    // The graph takes standardised inputs and the same noise (the scorer's stream, eval-mode masks).
    PmieParams p = model.params();
    PmieBatch b = withScoringNoise(PmieBatch.of(DIMS, K, standardise(xv, p, Modality.IMAGE),
        standardise(xt, p, Modality.TEXT), h, SEED, Noise.SCORING_SALT, 0.0), h);
    PmieGraph g = new PmieGraph(p, K, 1.0, DataType.DOUBLE);
    Map<String, INDArray> out = g.output(b, PmieGraph.MU_V, PmieGraph.LOGSIG_V, PmieGraph.MU_T, PmieGraph.LOGSIG_T,
        PmieGraph.LOG_P);
    PmieScorer s = new PmieScorer(model, K, false, SEED);
    float[] mu = new float[N * DIMS.embedDim()];
    float[] logsig = new float[N * DIMS.embedDim()];
    s.tower(Modality.IMAGE, flat(xv), N, s.workspace(N), mu, logsig);
    assertArrayEquals(out.get(PmieGraph.MU_V).data().asFloat(), mu, 2e-5f);
    assertArrayEquals(out.get(PmieGraph.LOGSIG_V).data().asFloat(), logsig, 2e-5f);
    s.tower(Modality.TEXT, flat(xt), N, s.workspace(N), mu, logsig);
    assertArrayEquals(out.get(PmieGraph.MU_T).data().asFloat(), mu, 2e-5f);
    assertArrayEquals(out.get(PmieGraph.LOGSIG_T).data().asFloat(), logsig, 2e-5f);
    INDArray logP = out.get(PmieGraph.LOG_P);
    for (int i = 0; i < N; i++) {
      assertEquals(-logP.getDouble(i, i), scores.uInter[i], 1e-4 * Math.max(1, scores.uInter[i]), "pair " + i);
    }
  }

  /** The batch with the scorer's noise of each pair (K x E' image values, then K x E' text values). */
  private static PmieBatch withScoringNoise(PmieBatch b, long[] h) {
    int e = DIMS.embedDim();
    float[] epsV = new float[K * N * e];
    float[] epsT = new float[K * N * e];
    float[] item = new float[2 * K * e];
    for (int i = 0; i < N; i++) {
      Ziggurat.gaussians(SeededSplit.key(SEED, Noise.SCORING_SALT, h[i]), item, 0, item.length);
      for (int k = 0; k < K; k++) {
        System.arraycopy(item, k * e, epsV, (k * N + i) * e, e);
        System.arraycopy(item, (K + k) * e, epsT, (k * N + i) * e, e);
      }
    }
    return new PmieBatch(b.size(), b.xv(), b.xt(), epsV, epsT, b.maskV(), b.maskT());
  }

  private static float[][] standardise(float[][] x, PmieParams p, Modality m) {
    InputNormaliser norm = p.normaliser(m);
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) out[i] = norm.apply(x[i]);
    return out;
  }

  @Test
  void intraScoresAreMeanLogSigma() {
    PmieModel model = model();
    float[][] xv = rows(N, DIMS.imageDim(), 1);
    float[][] xt = rows(N, DIMS.textDim(), 2);
    PmieScorer s = new PmieScorer(model, K, false, SEED);
    PairScores scores = score(s, xv, xt, hashes(N));
    float[] mu = new float[N * DIMS.embedDim()];
    float[] logsig = new float[N * DIMS.embedDim()];
    s.tower(Modality.TEXT, flat(xt), N, s.workspace(N), mu, logsig);
    for (int i = 0; i < N; i++) {
      double mean = 0;
      for (int d = 0; d < DIMS.embedDim(); d++) mean += logsig[i * DIMS.embedDim() + d];
      assertEquals(mean / DIMS.embedDim(), scores.uT[i], 1e-12);
    }
  }

  /**
   * Bit for bit, in both modes: I is a rank, so a pair whose scores moved in the last bits with
   * its partitioning could swap with a near-tie and change the selection. 70 rows: full blocks of
   * {@link RowMatmul} and a remainder, every pair alone, in the batch and at the mirrored position.
   */
  @Test
  void aPairScoresTheSameAloneOrAnywhereInABatch() {
    int n = 70;
    float[][] xv = rows(n, DIMS.imageDim(), 1);
    float[][] xt = rows(n, DIMS.textDim(), 2);
    long[] h = hashes(n);
    for (boolean closed : new boolean[] {false, true}) {
      PmieScorer s = new PmieScorer(model(), K, closed, SEED);
      PairScores all = score(s, xv, xt, h);
      for (int i = 0; i < n; i++) {
        PairScores one = score(s, new float[][] {xv[i]}, new float[][] {xt[i]}, new long[] {h[i]});
        String what = (closed ? "closed form" : "sampled") + ", pair " + i;
        assertEquals(all.uInter[i], one.uInter[0], 0.0, "u_inter, " + what);
        assertEquals(all.uV[i], one.uV[0], 0.0, "u_v, " + what);
        assertEquals(all.uT[i], one.uT[0], 0.0, "u_t, " + what);
        assertArrayEquals(all.mu(i), one.mu(0), 0f, "mu, " + what);
        assertArrayEquals(all.u(i), one.u(0), 0f, "u, " + what);
      }
      float[][] rv = reverse(xv);
      float[][] rt = reverse(xt);
      long[] rh = new long[n];
      for (int i = 0; i < n; i++) rh[i] = h[n - 1 - i];
      PairScores reversed = score(s, rv, rt, rh);
      for (int i = 0; i < n; i++) {
        String what = (closed ? "closed form" : "sampled") + ", reversed pair " + i;
        assertEquals(all.uInter[i], reversed.uInter[n - 1 - i], 0.0, "u_inter, " + what);
        assertEquals(all.uV[i], reversed.uV[n - 1 - i], 0.0, "u_v, " + what);
        assertArrayEquals(all.mu(i), reversed.mu(n - 1 - i), 0f, "mu, " + what);
      }
    }
  }

  private static float[][] reverse(float[][] x) {
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) out[i] = x[x.length - 1 - i];
    return out;
  }

  @Test
  void sameSeedSameScoresOtherSeedOtherNoise() {
    PmieModel m = model();
    float[][] xv = rows(N, DIMS.imageDim(), 1);
    float[][] xt = rows(N, DIMS.textDim(), 2);
    PairScores a = score(new PmieScorer(m, K, false, SEED), xv, xt, hashes(N));
    PairScores b = score(new PmieScorer(m, K, false, SEED), xv, xt, hashes(N));
    PairScores c = score(new PmieScorer(m, K, false, SEED + 1), xv, xt, hashes(N));
    assertArrayEquals(a.uInter, b.uInter, 0.0);
    assertNotEquals(Arrays.toString(a.uInter), Arrays.toString(c.uInter));
    // the fused Gaussian does not use the noise
    assertArrayEquals(a.mu, c.mu, 0f);
  }

  @Test
  void closedFormUsesTheMeansAndSigmas() {
    PmieModel m = model();
    float[][] xv = rows(N, DIMS.imageDim(), 1);
    float[][] xt = rows(N, DIMS.textDim(), 2);
    PmieScorer s = new PmieScorer(m, K, true, SEED);
    PairScores closed = score(s, xv, xt, hashes(N));
    float[] muV = new float[N * DIMS.embedDim()];
    float[] lsV = new float[N * DIMS.embedDim()];
    float[] muT = new float[N * DIMS.embedDim()];
    float[] lsT = new float[N * DIMS.embedDim()];
    s.tower(Modality.IMAGE, flat(xv), N, s.workspace(N), muV, lsV);
    s.tower(Modality.TEXT, flat(xt), N, s.workspace(N), muT, lsT);
    for (int i = 0; i < N; i++) {
      assertEquals(MatchScore.closedForm(m.params().scale(), m.params().shift(), muV, lsV, muT, lsT, i * DIMS.embedDim(),
          DIMS.embedDim()), closed.uInter[i], 0.0);
      assertTrue(Double.isFinite(closed.uInter[i]));
    }
  }

  @Test
  void modelRoundTripsThroughBytes() {
    PmieModel m = model();
    PmieModel back = PmieModel.fromBytes(m.toBytes(), "test");
    assertEquals(m.dims(), back.dims());
    assertArrayEquals(m.toBytes(), back.toBytes());
    float[][] xv = rows(N, DIMS.imageDim(), 1);
    float[][] xt = rows(N, DIMS.textDim(), 2);
    assertArrayEquals(score(new PmieScorer(m, K, false, SEED), xv, xt, hashes(N)).uInter,
        score(new PmieScorer(back, K, false, SEED), xv, xt, hashes(N)).uInter, 0.0);
  }
}
