package org.ascmr.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The retrieval model of method.md §2 as one SameDiff graph (names below are the contract of the
 * saved model file).
 * <pre>
 *   x'  = (x - mean) * scale                               constants from the labelled rows (identity if off)
 *   f_v = ReLU(W_v [ReLU(W_hv x'_v + b_hv)] + b_v)         fv, ft: inference features (no dropout)
 *   H_0 = label vectors (C x labelDim); H_l = LeakyReLU_0.2(Â H_{l-1} G_l), l = 1..gcnLayers
 *   X_c = n([H_1 | ... | H_L] W_p + b_p)                   prototypes, rows L2-normalised (C x E)
 *   s_v = n(f_v) X_c^T, s_t = n(f_t) X_c^T                 logits_v, logits_t (cosine logits)
 *   loss = L_cls + alpha L_pair on the dropped-out features f_v * mask_v, f_t * mask_t
 *   L_cls = mean_i ||s_v,i - y_i||_2 + 0.5 mean_i ||s_t,i - y_i||_2
 *   L_pair = sum over (a,b) in {(v,v),(v,t),(t,t)} of mean_ij [softplus(theta_ij) - S_ij theta_ij],
 *            theta_ij = cos(a_i, b_j) / 2, S_ij = y_i . y_j
 * </pre>
 * Dropout masks are placeholders (0 or 1/(1-p), drawn by the trainer's seeded RNG), so training
 * is reproducible without ND4J's global RNG and inference simply does not ask for them.
 * n(x) = x / sqrt(|x|^2 + 1e-12): the epsilon keeps the gradient finite for an all-zero ReLU row;
 * the norms in L_cls use the same guard.
 */
public final class RetrievalGraph {
  // Placeholders.
  public static final String IMAGE = "image";
  public static final String TEXT = "text";
  public static final String LABELS = "labels";
  public static final String MASK_V = "mask_v";
  public static final String MASK_T = "mask_t";
  // Constants.
  public static final String ADJACENCY = "adjacency";
  public static final String MEAN = ".mean";
  public static final String SCALE = ".scale";
  // Parameters (label.vectors is a constant when word vectors are given).
  public static final String LABEL_VECTORS = "label.vectors";
  public static final String PROTO_W = "proto.w";
  public static final String PROTO_B = "proto.b";
  // Outputs.
  public static final String FV = "fv";
  public static final String FT = "ft";
  public static final String LOGITS_V = "logits_v";
  public static final String LOGITS_T = "logits_t";
  public static final String PROTOTYPES = "prototypes";
  public static final String LOSS = "loss";
  public static final String LOSS_CLS = "loss_cls";
  public static final String LOSS_PAIR = "loss_pair";

  static final double NORM_EPS = 1e-12;

  private RetrievalGraph() {}

  public static String gcnWeight(int layer) {
    return "gcn.w" + layer;
  }

  /** Encoder parameter names of one modality ("image" or "text"): [hidden.w, hidden.b,] w, b. */
  public static List<String> encoderNames(String modality, boolean hidden) {
    List<String> out = new ArrayList<>();
    if (hidden) {
      out.add(modality + ".hidden.w");
      out.add(modality + ".hidden.b");
    }
    out.add(modality + ".w");
    out.add(modality + ".b");
    return out;
  }

  /** Shapes of every array of the graph (parameters and constants) in canonical order. */
  public static java.util.LinkedHashMap<String, long[]> shapes(ModelSpec spec) {
    ModelConfig c = spec.config();
    java.util.LinkedHashMap<String, long[]> s = new java.util.LinkedHashMap<>();
    int e = c.embedDim();
    int h = c.hidden();
    for (String modality : List.of(IMAGE, TEXT)) {
      int in = modality.equals(IMAGE) ? spec.imageDim() : spec.textDim();
      s.put(modality + MEAN, new long[] {1, in});
      s.put(modality + SCALE, new long[] {1, in});
      if (h > 0) {
        s.put(modality + ".hidden.w", new long[] {in, h});
        s.put(modality + ".hidden.b", new long[] {1, h});
        in = h;
      }
      s.put(modality + ".w", new long[] {in, e});
      s.put(modality + ".b", new long[] {1, e});
    }
    int cl = spec.numLabels();
    int l = c.labelDim();
    s.put(LABEL_VECTORS, new long[] {cl, l});
    for (int k = 0; k < c.gcnLayers(); k++) s.put(gcnWeight(k), new long[] {l, l});
    s.put(PROTO_W, new long[] {(long) c.gcnLayers() * l, e});
    s.put(PROTO_B, new long[] {1, e});
    s.put(ADJACENCY, new long[] {cl, cl});
    return s;
  }

  /** Names of the arrays Adam updates: all but the constants (adjacency, input statistics, fixed word vectors). */
  public static List<String> trainable(ModelSpec spec) {
    List<String> out = new ArrayList<>();
    for (String name : shapes(spec).keySet()) {
      if (name.equals(ADJACENCY) || name.endsWith(MEAN) || name.endsWith(SCALE)) continue;
      if (name.equals(LABEL_VECTORS) && !spec.learnedLabelVectors()) continue;
      out.add(name);
    }
    return out;
  }

  /** Builds the graph with {@code arrays} (every name of {@link #shapes}) in precision {@code dt}. */
  static SameDiff build(ModelSpec spec, ParameterSet arrays, DataType dt) {
    ModelConfig c = spec.config();
    SameDiff sd = SameDiff.create();
    java.util.Set<String> train = new java.util.HashSet<>(trainable(spec));
    java.util.Map<String, SDVariable> v = new java.util.HashMap<>();
    for (var e : shapes(spec).entrySet()) {
      ParameterSet.Entry a = arrays.get(e.getKey());
      if (a == null) throw new IllegalArgumentException("missing array " + e.getKey());
      if (!java.util.Arrays.equals(a.shape(), e.getValue())) {
        throw new IllegalArgumentException(e.getKey() + " has shape " + java.util.Arrays.toString(a.shape())
            + ", the model needs " + java.util.Arrays.toString(e.getValue()));
      }
      INDArray arr = Nd4j.create(a.values(), a.shape(), DataType.FLOAT).castTo(dt);
      v.put(e.getKey(), train.contains(e.getKey()) ? sd.var(e.getKey(), arr) : sd.constant(e.getKey(), arr));
    }
    int e = c.embedDim();
    SDVariable xv = sd.placeHolder(IMAGE, dt, -1, spec.imageDim());
    SDVariable xt = sd.placeHolder(TEXT, dt, -1, spec.textDim());
    SDVariable y = sd.placeHolder(LABELS, dt, -1, spec.numLabels());
    SDVariable maskV = sd.placeHolder(MASK_V, dt, -1, e);
    SDVariable maskT = sd.placeHolder(MASK_T, dt, -1, e);

    SDVariable fv = sd.identity(FV, encoder(sd, xv, IMAGE, c.hidden() > 0, v));
    SDVariable ft = sd.identity(FT, encoder(sd, xt, TEXT, c.hidden() > 0, v));

    SDVariable h = v.get(LABEL_VECTORS);
    SDVariable adj = v.get(ADJACENCY);
    SDVariable[] layers = new SDVariable[c.gcnLayers()];
    for (int k = 0; k < layers.length; k++) {
      h = sd.nn().leakyRelu(adj.mmul(h.mmul(v.get(gcnWeight(k)))), 0.2);
      layers[k] = h;
    }
    SDVariable concat = layers.length == 1 ? layers[0] : sd.concat(1, layers);
    SDVariable prototypes = sd.identity(PROTOTYPES, normalise(sd, concat.mmul(v.get(PROTO_W)).add(v.get(PROTO_B))));

    sd.mmul(LOGITS_V, normalise(sd, fv), prototypes, false, true, false);
    sd.mmul(LOGITS_T, normalise(sd, ft), prototypes, false, true, false);

    SDVariable nv = normalise(sd, fv.mul(maskV));
    SDVariable nt = normalise(sd, ft.mul(maskT));
    SDVariable sv = sd.mmul(nv, prototypes, false, true, false);
    SDVariable st = sd.mmul(nt, prototypes, false, true, false);
    SDVariable cls = sd.identity(LOSS_CLS, rowNorm(sd, sv.sub(y)).mean().add(rowNorm(sd, st.sub(y)).mean().mul(0.5)));
    SDVariable shared = sd.mmul(y, y, false, true, false);
    SDVariable pair = sd.identity(LOSS_PAIR,
        pairTerm(sd, nv, nv, shared).add(pairTerm(sd, nv, nt, shared)).add(pairTerm(sd, nt, nt, shared)));
    SDVariable loss = sd.identity(LOSS, cls.add(pair.mul(c.alpha())));
    sd.setLossVariables(loss);
    QuietStdout.run(sd::createGradFunction);
    return sd;
  }

  private static SDVariable encoder(SameDiff sd, SDVariable x, String modality, boolean hidden,
      java.util.Map<String, SDVariable> v) {
    SDVariable in = x.sub(v.get(modality + MEAN)).mul(v.get(modality + SCALE));
    if (hidden) {
      in = sd.nn().relu(in.mmul(v.get(modality + ".hidden.w")).add(v.get(modality + ".hidden.b")), 0);
    }
    return sd.nn().relu(in.mmul(v.get(modality + ".w")).add(v.get(modality + ".b")), 0);
  }

  private static SDVariable rowNorm(SameDiff sd, SDVariable x) {
    return sd.math().sqrt(x.mul(x).sum(true, 1).add(NORM_EPS));
  }

  private static SDVariable normalise(SameDiff sd, SDVariable x) {
    return x.div(rowNorm(sd, x));
  }

  /** mean_ij [softplus(theta_ij) - S_ij theta_ij] with theta = cos(a_i, b_j)/2 (a, b already unit rows). */
  private static SDVariable pairTerm(SameDiff sd, SDVariable a, SDVariable b, SDVariable shared) {
    SDVariable theta = sd.mmul(a, b, false, true, false).mul(0.5);
    return sd.nn().softplus(theta).sub(shared.mul(theta)).mean();
  }
}
