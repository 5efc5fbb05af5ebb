package org.ascmr.pmie;

import java.io.Serializable;
import org.ascmr.data.SeededSplit;
import org.ascmr.linalg.BiasLeaky;
import org.ascmr.linalg.FixedExp;
import org.ascmr.linalg.FourSums;
import org.ascmr.linalg.RowMatmul;

/**
 * Eval-mode forward pass and scores of the estimator on plain arrays (method.md §4, §5), for
 * the per-partition scoring: batched matrix products with {@link RowMatmul} (fixed summation
 * order), noise from (seed, id, sample) via {@link Ziggurat}, and log-space match probabilities.
 * A pair's scores therefore do not depend on its batch, its position in the batch, its partition
 * or the machine, bit for bit: I is a rank, and near-ties that swapped with the partitioning
 * could change the selection (why the BLAS, whose sgemm has no fixed order, is not used here).
 *
 * <p>Per pair: u_inter = -log p_ii with p_ii = mean_kk' sigmoid(2 (-a ||z_v^k - z_t^k'|| + c))
 * over K x K samples, or in closed form u_inter = -log sigmoid(m) with the PCME++ logit
 * m = -a (||mu_v - mu_t||^2 + sum(sig_v^2 + sig_t^2)) + c; u_v = mean_d logsig_v and
 * u_t = mean_d logsig_t; the fused Gaussian sig_z^2 = (sig_v^-2 + sig_t^-2)^-1,
 * mu_z = sig_z^2 (mu_v / sig_v^2 + mu_t / sig_t^2) and u = mu_z / ||mu_z||.
 *
 * <p>Immutable and thread-safe; each thread passes its own {@link Workspace}.
 */
public final class PmieScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final PmieDims dims;
  private final int samples;
  private final boolean closedForm;
  private final long seed;
  private final double scale;
  private final double shift;
  private final TowerWeights image;
  private final TowerWeights text;

  public PmieScorer(PmieModel model, int samples, boolean closedForm, long seed) {
    if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, was " + samples);
    PmieParams p = model.params();
    this.dims = p.dims();
    this.samples = samples;
    this.closedForm = closedForm;
    this.seed = seed;
    this.scale = p.scale();
    this.shift = p.shift();
    this.image = new TowerWeights(p, Modality.IMAGE);
    this.text = new TowerWeights(p, Modality.TEXT);
  }

  public PmieDims dims() {
    return dims;
  }

  public boolean closedForm() {
    return closedForm;
  }

  /** Buffers of one thread for batches of up to {@code capacity} rows. */
  public Workspace workspace(int capacity) {
    return new Workspace(capacity);
  }

  /**
   * Scores rows [0, n) of a batch: raw (unstandardised) features {@code xv} (n x imageDim) and
   * {@code xt} (n x textDim), row-major, and the id hashes ({@link SeededSplit#fnv1a64}) that seed each
   * pair's noise. Results go to {@code out} rows [0, n).
   */
  public void score(float[] xv, float[] xt, long[] idHash, int n, Workspace ws, PairScores out) {
    encode(xv, xt, n, ws);
    int e = dims.embedDim();
    for (int i = 0; i < n; i++) {
      int o = i * e;
      // sig^2 = exp(2 logsig) once per value: the match score and the fusion share it
      variances(ws, o);
      out.uInter[i] = closedForm ? closedFormUInter(ws, o) : sampledUInter(ws, o, idHash[i]);
      out.uV[i] = mean(ws.logsigV, o, e);
      out.uT[i] = mean(ws.logsigT, o, e);
      ProductOfExperts.fuse(ws.muV, ws.varV, ws.muT, ws.varT, o, e, out.mu, out.sigma, out.u);
    }
  }

  /** Only the fused Gaussian and unit vector (labelled pairs: the density stage needs them). */
  public void fuseOnly(float[] xv, float[] xt, int n, Workspace ws, PairScores out) {
    encode(xv, xt, n, ws);
    int e = dims.embedDim();
    for (int i = 0; i < n; i++) {
      variances(ws, i * e);
      ProductOfExperts.fuse(ws.muV, ws.varV, ws.muT, ws.varT, i * e, e, out.mu, out.sigma, out.u);
    }
  }

  /** The eval-mode mean and log-sigma of rows [0, n) of one tower (tests compare with the graph). */
  public void tower(Modality m, float[] x, int n, Workspace ws, float[] mu, float[] logsig) {
    (m == Modality.IMAGE ? image : text).forward(x, n, ws, mu, logsig);
  }

  private void encode(float[] xv, float[] xt, int n, Workspace ws) {
    if (n > ws.capacity) throw new IllegalArgumentException("batch of " + n + " rows > workspace " + ws.capacity);
    image.forward(xv, n, ws, ws.muV, ws.logsigV);
    text.forward(xt, n, ws, ws.muT, ws.logsigT);
  }

  /** The row at {@code o}'s variances exp(2 logsig) of both towers into {@code ws.varV}, {@code ws.varT}. */
  private void variances(Workspace ws, int o) {
    MatchScore.variances(ws.logsigV, o, dims.embedDim(), ws.varV);
    MatchScore.variances(ws.logsigT, o, dims.embedDim(), ws.varT);
  }

  /** -log mean_kk' sigmoid(2 l_kk') in log space, with the pair's own noise. */
  private double sampledUInter(Workspace ws, int o, long idHash) {
    int e = dims.embedDim();
    Ziggurat.gaussians(SeededSplit.key(seed, Noise.SCORING_SALT, idHash), ws.eps, 0, 2 * samples * e);
    // sig = sqrt(sig^2): IEEE-exact, so no second exp per value
    for (int d = 0; d < e; d++) {
      ws.sigV[d] = Math.sqrt(ws.varV[d]);
      ws.sigT[d] = Math.sqrt(ws.varT[d]);
    }
    return MatchScore.sampled(scale, shift, ws.muV, ws.sigV, ws.muT, ws.sigT, o, e, samples, ws.eps, ws.zv, ws.zt,
        ws.logits);
  }

  private double closedFormUInter(Workspace ws, int o) {
    return MatchScore.closedFormFromVariances(scale, shift, ws.muV, ws.varV, ws.muT, ws.varT, o, dims.embedDim());
  }

  private static double mean(float[] x, int from, int n) {
    return FourSums.of(x, from, n) / n + 0.0;
  }

  /** Per-thread buffers. */
  public final class Workspace {
    final int capacity;
    final float[] xs;
    final float[] xwork;
    final float[] first;
    final float[] hm;
    final float[] hs;
    final float[] hm2;
    final float[] hs2;
    final float[] head;
    final float[] muV;
    final float[] muT;
    final float[] logsigV;
    final float[] logsigT;
    final float[] eps;
    final double[] zv;
    final double[] zt;
    final double[] sigV;
    final double[] sigT;
    final double[] varV;
    final double[] varT;
    final double[] resid;
    /** The mean head's gate exponentials of a batch. */
    final double[] gate;
    final double[] logits;
    /** One output row of a product ({@link RowMatmul}'s scratch). */
    final float[] acc;

    Workspace(int capacity) {
      this.capacity = capacity;
      int e = dims.embedDim();
      int h = dims.hidden();
      int maxIn = Math.max(dims.imageDim(), dims.textDim());
      int maxFirst = Math.max(image.firstCols, text.firstCols);
      xs = new float[capacity * maxIn];
      xwork = new float[capacity * maxIn];
      first = new float[capacity * maxFirst];
      hm = new float[capacity * h];
      hs = new float[capacity * h];
      hm2 = new float[capacity * h];
      hs2 = new float[capacity * h];
      head = new float[capacity * e];
      muV = new float[capacity * e];
      muT = new float[capacity * e];
      logsigV = new float[capacity * e];
      logsigT = new float[capacity * e];
      eps = new float[2 * samples * e];
      zv = new double[samples * e];
      zt = new double[samples * e];
      sigV = new double[e];
      sigT = new double[e];
      varV = new double[e];
      varT = new double[e];
      resid = new double[e];
      gate = new double[capacity * e];
      logits = new double[samples * samples];
      acc = new float[Math.max(maxFirst, Math.max(h, e))];
    }
  }

  /**
   * One tower's weights, rearranged for batched products: the first layers of both MLPs and the
   * projection share one product with the concatenated matrix [m1_w | s1_w | proj].
   */
  private static final class TowerWeights implements Serializable {
    private static final long serialVersionUID = 1L;
    final int in;
    final int hidden;
    final int embed;
    final boolean projects;
    final int firstCols;
    final InputNormaliser normaliser;
    /** True when the whitening is folded into {@link #first}: the input is only centred. */
    final boolean centreOnly;
    final RowMatmul first;
    final float[] m1b;
    final float[] s1b;
    final RowMatmul m2w;
    final float[] m2b;
    final RowMatmul s2w;
    final float[] s2b;
    final RowMatmul muW;
    final float[] muB;
    final RowMatmul sigW;
    final float[] sigB;
    /** The LayerNorm's gain and bias, widened to double once here, not per value (the same values). */
    final double[] lnGd;
    final double[] lnBd;

    TowerWeights(PmieParams p, Modality m) {
      PmieDims d = p.dims();
      in = d.inputDim(m);
      hidden = d.hidden();
      embed = d.embedDim();
      projects = d.projects(m);
      firstCols = 2 * hidden + (projects ? embed : 0);
      normaliser = p.normaliser(m);
      float[] joined = new float[in * firstCols];
      float[] m1 = p.get(m, PmieParams.M1_W).data();
      float[] s1 = p.get(m, PmieParams.S1_W).data();
      float[] proj = projects ? p.get(m, PmieParams.PROJ).data() : null;
      for (int r = 0; r < in; r++) {
        System.arraycopy(m1, r * hidden, joined, r * firstCols, hidden);
        System.arraycopy(s1, r * hidden, joined, r * firstCols + hidden, hidden);
        if (projects) System.arraycopy(proj, r * embed, joined, r * firstCols + 2 * hidden, embed);
      }
      // Whitening followed by the (linear) first layers is one linear map: fold W into them once,
      // here on the driver, and only centre the inputs per row. Not possible without a
      // projection, where the whitened input itself is the residual x'.
      centreOnly = normaliser.whitens() && projects;
      if (centreOnly) {
        float[] folded = fold(normaliser.whitening(), joined, in, firstCols);
        System.arraycopy(folded, 0, joined, 0, folded.length);
      }
      this.first = new RowMatmul(joined, in, firstCols);
      m1b = p.get(m, PmieParams.M1_B).data().clone();
      s1b = p.get(m, PmieParams.S1_B).data().clone();
      m2w = new RowMatmul(p.get(m, PmieParams.M2_W).data(), hidden, hidden);
      m2b = p.get(m, PmieParams.M2_B).data().clone();
      s2w = new RowMatmul(p.get(m, PmieParams.S2_W).data(), hidden, hidden);
      s2b = p.get(m, PmieParams.S2_B).data().clone();
      muW = new RowMatmul(p.get(m, PmieParams.MU_W).data(), hidden, embed);
      muB = p.get(m, PmieParams.MU_B).data().clone();
      sigW = new RowMatmul(p.get(m, PmieParams.SIG_W).data(), hidden, embed);
      sigB = p.get(m, PmieParams.SIG_B).data().clone();
      float[] lnG = p.get(m, PmieParams.LN_G).data();
      float[] lnB = p.get(m, PmieParams.LN_B).data();
      lnGd = new double[embed];
      lnBd = new double[embed];
      for (int j = 0; j < embed; j++) {
        lnGd[j] = lnG[j];
        lnBd[j] = lnB[j];
      }
    }

    void forward(float[] x, int n, Workspace ws, float[] muOut, float[] logsigOut) {
      float[] xs = ws.xs;
      if (centreOnly) {
        normaliser.centre(x, n, xs);
      } else {
        normaliser.apply(x, n, xs, ws.xwork);
      }
      first.multiply(xs, n, ws.first, ws.acc);
      for (int i = 0; i < n; i++) {
        biasLeaky(ws.first, i * firstCols, m1b, ws.hm, i * hidden, hidden);
        biasLeaky(ws.first, i * firstCols + hidden, s1b, ws.hs, i * hidden, hidden);
      }
      m2w.multiply(ws.hm, n, ws.hm2, ws.acc);
      s2w.multiply(ws.hs, n, ws.hs2, ws.acc);
      for (int i = 0; i < n; i++) {
        biasLeaky(ws.hm2, i * hidden, m2b, ws.hm2, i * hidden, hidden);
        biasLeaky(ws.hs2, i * hidden, s2b, ws.hs2, i * hidden, hidden);
      }
      // Mean head: LayerNorm(x' + sigmoid(mu_w . h + mu_b)); dropout is off in eval mode.
      muW.multiply(ws.hm2, n, ws.head, ws.acc);
      // the gates' exponentials e^-(h + b) for the whole batch at once, on vectors
      double[] g = ws.gate;
      for (int i = 0; i < n; i++) negatedSum(ws.head, i * embed, muB, g, i * embed, embed);
      FixedExp.exp(g, 0, n * embed, g, 0);
      double[] r = ws.resid;
      // x' is the projection's output (first's last columns) or the normalised input itself
      float[] xsrc = projects ? ws.first : xs;
      for (int i = 0; i < n; i++) {
        residual(xsrc, projects ? i * firstCols + 2 * hidden : i * in, g, i * embed, r, embed);
        double avg = FourSums.of(r, 0, embed) / embed;
        double var = FourSums.squaredDeviations(r, 0, embed, avg);
        double inv = 1.0 / Math.sqrt(var / embed + PmieParams.LN_EPS);
        int o = i * embed;
        for (int j = 0; j < embed; j++) muOut[o + j] = (float) ((r[j] - avg) * inv * lnGd[j] + lnBd[j]);
      }
      // Log-sigma head, clamped.
      sigW.multiply(ws.hs2, n, ws.head, ws.acc);
      for (int i = 0; i < n; i++) {
        int o = i * embed;
        for (int j = 0; j < embed; j++) {
          float v = ws.head[o + j] + sigB[j];
          logsigOut[o + j] = Math.min(PmieParams.LOGSIG_MAX, Math.max(PmieParams.LOGSIG_MIN, v));
        }
      }
    }

    /** out[o + j] = -(h[i + j] + b[j]) in double, j in [0, n). */
    private static void negatedSum(float[] h, int i, float[] b, double[] out, int o, int n) {
      for (int j = 0; j < n; j++) out[o + j] = -(h[i + j] + b[j]);
    }

    /** r[j] = float(x'[x + j] + float(sigmoid)) with sigmoid = 1 / (1 + e[o + j]), j in [0, n). */
    private static void residual(float[] xp, int x, double[] e, int o, double[] r, int n) {
      for (int j = 0; j < n; j++) r[j] = (float) ((double) xp[x + j] + (float) (1.0 / (1.0 + e[o + j])));
    }

    /** w (d x d) . m (d x cols) in double, rounded to float. */
    private static float[] fold(float[] w, float[] m, int d, int cols) {
      float[] out = new float[d * cols];
      double[] row = new double[cols];
      for (int i = 0; i < d; i++) {
        java.util.Arrays.fill(row, 0);
        for (int k = 0; k < d; k++) {
          double wik = w[i * d + k];
          if (wik == 0) continue;
          for (int j = 0; j < cols; j++) row[j] += wik * m[k * cols + j];
        }
        for (int j = 0; j < cols; j++) out[i * cols + j] = (float) row[j];
      }
      return out;
    }

    private static void biasLeaky(float[] in, int i, float[] bias, float[] out, int o, int n) {
      BiasLeaky.apply(in, i, bias, PmieParams.LEAKY_SLOPE, out, o, n);
    }
  }
}
