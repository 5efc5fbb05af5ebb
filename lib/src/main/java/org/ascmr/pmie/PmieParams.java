package org.ascmr.pmie;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The estimator's weights by name (method.md §4, MLP form), per tower m in {v, t}:
 * <pre>
 *   mean:      mu     = LayerNorm(x' + Dropout(sigmoid(mu_w . MLP_m(x) + mu_b))) * ln_g + ln_b
 *   log-sigma: logsig = clamp(sig_w . MLP_s(x) + sig_b, -10, 5)
 *   MLP_m(x)  = lrelu(m2_w . lrelu(m1_w . x + m1_b) + m2_b), MLP_s the same with s1_, s2_
 *   x'        = x . proj when the input dimension differs from E', else x
 * </pre>
 * plus the scale a ("scale") and shift c ("shift") of the match logit -a ||z_v - z_t|| + c, and
 * per tower the {@link InputNormaliser} (in_mean, in_std and, when whitening, in_white), which is
 * fitted before training and not trained.
 * Matrices are stored (in, out) so that a row batch X maps to X . W.
 */
public final class PmieParams implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String M1_W = "m1_w";
  public static final String M1_B = "m1_b";
  public static final String M2_W = "m2_w";
  public static final String M2_B = "m2_b";
  public static final String MU_W = "mu_w";
  public static final String MU_B = "mu_b";
  public static final String S1_W = "s1_w";
  public static final String S1_B = "s1_b";
  public static final String S2_W = "s2_w";
  public static final String S2_B = "s2_b";
  public static final String SIG_W = "sig_w";
  public static final String SIG_B = "sig_b";
  public static final String LN_G = "ln_g";
  public static final String LN_B = "ln_b";
  public static final String PROJ = "proj";
  public static final String IN_MEAN = "in_mean";
  public static final String IN_STD = "in_std";
  public static final String IN_WHITE = "in_white";
  public static final String SCALE = "scale";
  public static final String SHIFT = "shift";

  /** Initial a and c of the match logit (method.md §4: init 5, 5). */
  public static final float INIT_SCALE = 5f;
  public static final float INIT_SHIFT = 5f;

  public static final float LOGSIG_MIN = -10f;
  public static final float LOGSIG_MAX = 5f;
  public static final float LEAKY_SLOPE = 0.2f;
  public static final double LN_EPS = 1e-5;

  private final PmieDims dims;
  private final LinkedHashMap<String, Tensor> tensors;

  public PmieParams(PmieDims dims, Map<String, Tensor> tensors) {
    this.dims = dims;
    this.tensors = new LinkedHashMap<>(tensors);
    for (String name : trainableNames(dims)) require(name);
    for (Modality m : Modality.values()) {
      require(m.name(IN_MEAN));
      require(m.name(IN_STD));
    }
  }

  private void require(String name) {
    if (!tensors.containsKey(name)) throw new IllegalArgumentException("estimator weights lack '" + name + "'");
  }

  /**
   * Fresh weights: Xavier-uniform matrices, zero biases, LayerNorm gain 1, a = c = 5, and the
   * given input normalisers (identity where null). Deterministic in {@code seed}.
   */
  public static PmieParams init(PmieDims dims, long seed, Map<Modality, InputNormaliser> normalisers) {
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Map<String, Tensor> t = new LinkedHashMap<>();
    int e = dims.embedDim();
    int h = dims.hidden();
    for (Modality m : Modality.values()) {
      int d = dims.inputDim(m);
      t.put(m.name(M1_W), xavier(rnd, d, h));
      t.put(m.name(M1_B), Tensor.zeros(h));
      t.put(m.name(M2_W), xavier(rnd, h, h));
      t.put(m.name(M2_B), Tensor.zeros(h));
      t.put(m.name(MU_W), xavier(rnd, h, e));
      t.put(m.name(MU_B), Tensor.zeros(e));
      t.put(m.name(S1_W), xavier(rnd, d, h));
      t.put(m.name(S1_B), Tensor.zeros(h));
      t.put(m.name(S2_W), xavier(rnd, h, h));
      t.put(m.name(S2_B), Tensor.zeros(h));
      t.put(m.name(SIG_W), xavier(rnd, h, e));
      t.put(m.name(SIG_B), Tensor.zeros(e));
      t.put(m.name(LN_G), Tensor.filled(1f, e));
      t.put(m.name(LN_B), Tensor.zeros(e));
      if (dims.projects(m)) t.put(m.name(PROJ), xavier(rnd, d, e));
      InputNormaliser norm = normalisers == null || normalisers.get(m) == null ? InputNormaliser.identity(d)
          : normalisers.get(m);
      if (norm.dim() != d) throw new IllegalArgumentException("normaliser of " + m + " has " + norm.dim() + " dims");
      t.put(m.name(IN_MEAN), new Tensor(new int[] {d}, norm.mean().clone()));
      t.put(m.name(IN_STD), new Tensor(new int[] {d}, norm.scale().clone()));
      if (norm.whitens()) t.put(m.name(IN_WHITE), new Tensor(new int[] {d, d}, norm.whitening().clone()));
    }
    t.put(SCALE, Tensor.filled(INIT_SCALE, 1, 1));
    t.put(SHIFT, Tensor.filled(INIT_SHIFT, 1, 1));
    return new PmieParams(dims, t);
  }

  private static Tensor xavier(SplittableRandom rnd, int in, int out) {
    double bound = Math.sqrt(6.0 / (in + out));
    float[] w = new float[in * out];
    for (int i = 0; i < w.length; i++) w[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    return new Tensor(new int[] {in, out}, w);
  }

  /** Names of the weights the optimiser changes, in a fixed order. */
  public static List<String> trainableNames(PmieDims dims) {
    List<String> names = new ArrayList<>();
    for (Modality m : Modality.values()) {
      for (String local : List.of(M1_W, M1_B, M2_W, M2_B, MU_W, MU_B, S1_W, S1_B, S2_W, S2_B, SIG_W, SIG_B, LN_G,
          LN_B)) {
        names.add(m.name(local));
      }
      if (dims.projects(m)) names.add(m.name(PROJ));
    }
    names.add(SCALE);
    names.add(SHIFT);
    return names;
  }

  public PmieDims dims() {
    return dims;
  }

  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) throw new IllegalArgumentException("no weight '" + name + "'");
    return t;
  }

  public Tensor get(Modality m, String local) {
    return get(m.name(local));
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** The input normaliser of one tower, as stored. */
  public InputNormaliser normaliser(Modality m) {
    return new InputNormaliser(get(m, IN_MEAN).data(), get(m, IN_STD).data(),
        has(m.name(IN_WHITE)) ? get(m, IN_WHITE).data() : null);
  }

  public float scale() {
    return get(SCALE).data()[0];
  }

  public float shift() {
    return get(SHIFT).data()[0];
  }

  /** All tensors in insertion order (read-only view). */
  public Map<String, Tensor> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  /** A copy with {@code name} replaced. */
  public PmieParams with(String name, Tensor value) {
    Map<String, Tensor> t = new LinkedHashMap<>(tensors);
    t.put(name, value);
    return new PmieParams(dims, t);
  }

  public long count() {
    long n = 0;
    for (String name : trainableNames(dims)) n += tensors.get(name).data().length;
    return n;
  }
}
