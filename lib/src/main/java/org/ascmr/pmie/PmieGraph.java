package org.ascmr.pmie;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The estimator and its loss as a SameDiff graph (method.md §4), for training on the driver and
 * for the gradient check. One graph serves every batch size B: the Monte-Carlo noise comes in as
 * placeholders of shape (K, B, E') that we generate from (seed, id, sample), so the loss is a
 * deterministic function of the weights and the batch.
 *
 * <p>Loss of a batch of B pairs with K samples z = mu + eps * exp(logsig) per item: for every
 * ordered pair (i, j) and sample pair (k, k'), l = -a ||z_v,i^k - z_t,j^k'|| + c; log p_ij =
 * log mean_kk' sigmoid(2 l) and log(1 - p_ij) = log mean_kk' sigmoid(-2 l), both as log-mean-exp
 * of -softplus(-/+2 l), where softplus(y) = max(y, 0) + log1p(e^-|y|) never overflows, built
 * from max/exp/sum/log (stack.md: the fused log-sum-exp ops break the gradient graph in M2.1). NLL = 2 * mean_ij of -[i = j] log p_ij - [i != j] log(1 - p_ij): image-to-text
 * and text-to-image see the same matrix, so the two directions are twice one mean, as in
 * PCME++. Plus {@code wassersteinWeight} times the paired diagonal-Gaussian 2-Wasserstein term
 * mean_d (mu_v - mu_t)^2 + mean_d (sig_v - sig_t)^2, averaged over the pairs.
 *
 * <p>Not thread-safe; callers that share an instance must lock it (stack.md).
 */
public final class PmieGraph {
  public static final String XV = "xv";
  public static final String XT = "xt";
  public static final String EPS_V = "eps_v";
  public static final String EPS_T = "eps_t";
  public static final String MASK_V = "mask_v";
  public static final String MASK_T = "mask_t";
  public static final String EYE = "eye";

  public static final String LOSS = "loss";
  public static final String NLL = "nll";
  public static final String WASSERSTEIN = "wasserstein";
  public static final String LOG_P = "log_p";
  public static final String LOG_Q = "log_q";
  public static final String MU_V = "mu_v";
  public static final String MU_T = "mu_t";
  public static final String LOGSIG_V = "logsig_v";
  public static final String LOGSIG_T = "logsig_t";

  /** Floor under squared distances before the square root: keeps its gradient finite. */
  static final double DIST_EPS = 1e-12;

  private final PmieDims dims;
  private final int samples;
  private final DataType dataType;
  private final SameDiff sd;
  private final List<String> trainable;
  private boolean trainingConfigured;

  /**
   * Builds the graph with the weights of {@code init}. {@code dataType} is FLOAT for training and
   * DOUBLE for the gradient check.
   */
  public PmieGraph(PmieParams init, int samples, double wassersteinWeight, DataType dataType) {
    this.dims = init.dims();
    this.samples = samples;
    this.dataType = dataType;
    this.trainable = PmieParams.trainableNames(dims);
    // stack.md: a SameDiff instance created inside a DL4J workspace misbehaves in M2.1.
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      this.sd = SameDiff.create();
      build(init, wassersteinWeight);
    }
  }

  private void build(PmieParams init, double wassersteinWeight) {
    int e = dims.embedDim();
    int k = samples;
    for (String name : trainable) {
      Tensor t = init.get(name);
      sd.var(name, toArray(t));
    }
    SDVariable eye = sd.placeHolder(EYE, dataType, -1, -1);
    Tower v = tower(Modality.IMAGE, sd.placeHolder(XV, dataType, -1, dims.imageDim()),
        sd.placeHolder(MASK_V, dataType, -1, e), sd.placeHolder(EPS_V, dataType, k, -1, e));
    Tower t = tower(Modality.TEXT, sd.placeHolder(XT, dataType, -1, dims.textDim()),
        sd.placeHolder(MASK_T, dataType, -1, e), sd.placeHolder(EPS_T, dataType, k, -1, e));
    sd.identity(MU_V, v.mu);
    sd.identity(MU_T, t.mu);
    sd.identity(LOGSIG_V, v.logsig);
    sd.identity(LOGSIG_T, t.logsig);

    // Every sample of every image against every sample of every text: one (K*B) x (K*B) product
    // of the flattened samples (row k*B + i), distances by ||a||^2 + ||b||^2 - 2 a.b. (Measured
    // 3x less CPU than K*K batched products of tiled copies.)
    SDVariable zv = v.z.reshape(-1, e);
    SDVariable zt = t.z.reshape(-1, e);
    SDVariable nv = zv.mul(zv).sum(true, 1);
    SDVariable nt = zt.mul(zt).sum(true, 1).permute(1, 0);
    SDVariable cross = sd.mmul(zv, zt, false, true, false);
    SDVariable d2 = nv.add(nt).sub(cross.mul(2.0));
    SDVariable dist = sd.math.sqrt(sd.nn.relu(d2, 0.0).add(DIST_EPS));
    SDVariable a = sd.getVariable(PmieParams.SCALE);
    SDVariable c = sd.getVariable(PmieParams.SHIFT);
    SDVariable y = dist.mul(a).rsub(c).mul(2.0);
    // log sigmoid(y) = -(relu(-y) + log1p(e^-|y|)), log sigmoid(-y) = -(relu(y) + log1p(e^-|y|)).
    SDVariable tail = sd.math.log1p(sd.math.exp(sd.math.abs(y).neg()));
    SDVariable logSigPos = sd.nn.relu(y.neg(), 0.0).add(tail).neg();
    SDVariable logSigNeg = sd.nn.relu(y, 0.0).add(tail).neg();
    // (k, i) x (k', j) -> (k, k', i, j) -> (K*K, B, B); B comes from the batch at run time.
    SDVariable b = sd.sizeAt(eye, 0).reshape(1).castTo(DataType.LONG);
    SDVariable kConst = sd.constant(Nd4j.createFromArray((long) k));
    SDVariable split = sd.concat(0, kConst, b, kConst, b);
    SDVariable merged = sd.concat(0, sd.constant(Nd4j.createFromArray((long) k * k)), b, b);
    SDVariable logP = sd.identity(LOG_P,
        logMeanExp(sd.reshape(sd.reshape(logSigPos, split).permute(0, 2, 1, 3), merged), k * k));
    SDVariable logQ = sd.identity(LOG_Q,
        logMeanExp(sd.reshape(sd.reshape(logSigNeg, split).permute(0, 2, 1, 3), merged), k * k));
    SDVariable perPair = eye.mul(logP).add(eye.rsub(1.0).mul(logQ));
    SDVariable nll = sd.identity(NLL, perPair.mean().mul(-2.0));

    SDVariable dMu = v.mu.sub(t.mu);
    SDVariable dSig = v.sig.sub(t.sig);
    SDVariable w2 = sd.identity(WASSERSTEIN, dMu.mul(dMu).mean().add(dSig.mul(dSig).mean()));
    SDVariable loss = nll.add(w2.mul(wassersteinWeight));
    sd.identity(LOSS, loss);
    sd.setLossVariables(LOSS);
  }

  private record Tower(SDVariable mu, SDVariable logsig, SDVariable sig, SDVariable z) {}

  private Tower tower(Modality m, SDVariable x, SDVariable mask, SDVariable eps) {
    SDVariable h = mlp(m, x, PmieParams.M1_W, PmieParams.M1_B, PmieParams.M2_W, PmieParams.M2_B);
    SDVariable g = sd.nn.sigmoid(h.mmul(w(m, PmieParams.MU_W)).add(w(m, PmieParams.MU_B))).mul(mask);
    SDVariable xp = dims.projects(m) ? x.mmul(w(m, PmieParams.PROJ)) : x;
    SDVariable r = xp.add(g);
    SDVariable centred = r.sub(r.mean(true, 1));
    SDVariable variance = centred.mul(centred).mean(true, 1);
    SDVariable mu = centred.div(sd.math.sqrt(variance.add(PmieParams.LN_EPS)))
        .mul(w(m, PmieParams.LN_G)).add(w(m, PmieParams.LN_B));
    SDVariable hs = mlp(m, x, PmieParams.S1_W, PmieParams.S1_B, PmieParams.S2_W, PmieParams.S2_B);
    SDVariable logsig = sd.math.clipByValue(hs.mmul(w(m, PmieParams.SIG_W)).add(w(m, PmieParams.SIG_B)),
        PmieParams.LOGSIG_MIN, PmieParams.LOGSIG_MAX);
    SDVariable sig = sd.math.exp(logsig);
    SDVariable z = eps.mul(sig).add(mu);
    return new Tower(mu, logsig, sig, z);
  }

  private SDVariable mlp(Modality m, SDVariable x, String w1, String b1, String w2, String b2) {
    SDVariable h1 = sd.nn.leakyRelu(x.mmul(w(m, w1)).add(w(m, b1)), PmieParams.LEAKY_SLOPE);
    return sd.nn.leakyRelu(h1.mmul(w(m, w2)).add(w(m, b2)), PmieParams.LEAKY_SLOPE);
  }

  private SDVariable w(Modality m, String local) {
    return sd.getVariable(m.name(local));
  }

  /** log mean exp over axis 0 of a (n, B, B) tensor: max + log(sum(exp(x - max))) - log(n). */
  private SDVariable logMeanExp(SDVariable x, int n) {
    SDVariable max = x.max(true, 0);
    SDVariable sum = sd.math.exp(x.sub(max)).sum(false, 0);
    return sd.math.log(sum).add(sd.squeeze(max, 0)).sub(Math.log(n));
  }


  public PmieDims dims() {
    return dims;
  }

  public int samples() {
    return samples;
  }

  public DataType dataType() {
    return dataType;
  }

  public SameDiff sameDiff() {
    return sd;
  }

  /** Placeholder values of one batch, in this graph's data type. */
  public Map<String, INDArray> feed(PmieBatch batch) {
    Map<String, INDArray> f = new HashMap<>();
    int b = batch.size();
    int e = dims.embedDim();
    f.put(XV, Nd4j.create(batch.xv(), new long[] {b, dims.imageDim()}, DataType.FLOAT).castTo(dataType));
    f.put(XT, Nd4j.create(batch.xt(), new long[] {b, dims.textDim()}, DataType.FLOAT).castTo(dataType));
    f.put(EPS_V, Nd4j.create(batch.epsV(), new long[] {samples, b, e}, DataType.FLOAT).castTo(dataType));
    f.put(EPS_T, Nd4j.create(batch.epsT(), new long[] {samples, b, e}, DataType.FLOAT).castTo(dataType));
    f.put(MASK_V, Nd4j.create(batch.maskV(), new long[] {b, e}, DataType.FLOAT).castTo(dataType));
    f.put(MASK_T, Nd4j.create(batch.maskT(), new long[] {b, e}, DataType.FLOAT).castTo(dataType));
    f.put(EYE, Nd4j.eye(b).castTo(dataType));
    return f;
  }

  /** Evaluates {@code outputs} for a batch (no training). */
  public Map<String, INDArray> output(PmieBatch batch, String... outputs) {
    Map<String, INDArray> f = feed(batch);
    try {
      return Quiet.call(() -> sd.output(f, outputs));
    } finally {
      release(f.values());
    }
  }

  /** The loss of a batch. */
  public double loss(PmieBatch batch) {
    INDArray loss = output(batch, LOSS).get(LOSS);
    double value = loss.getDouble(0);
    loss.close();
    return value;
  }

  /**
   * Frees a batch's off-heap buffers now. Left to the garbage collector, they pile up: the Java
   * wrappers are tiny, so a 4 GB heap rarely collects, and one experiment JVM reached 16 GB
   * resident (killed by the OOM killer) after a few estimator trainings.
   */
  private static void release(Iterable<INDArray> arrays) {
    for (INDArray a : arrays) {
      if (a.closeable()) a.close();
    }
  }

  /** Gradients of the loss with respect to every trainable weight. */
  public Map<String, INDArray> gradients(PmieBatch batch) {
    return Quiet.call(() -> sd.calculateGradients(feed(batch), trainable));
  }

  /** One Adam step on a batch (L2 weight decay as torch.optim.Adam's weight_decay). */
  public void fitStep(PmieBatch batch, double lr, double weightDecay) {
    if (!trainingConfigured) {
      sd.setTrainingConfig(TrainingConfig.builder()
          .updater(new Adam(lr, ScoreConfig.BETA1, ScoreConfig.BETA2, 1e-8))
          .l2(weightDecay)
          .dataSetFeatureMapping(XV, XT, EPS_V, EPS_T, MASK_V, MASK_T, EYE)
          .markLabelsUnused()
          .build());
      trainingConfigured = true;
    }
    Map<String, INDArray> f = feed(batch);
    INDArray[] features = {f.get(XV), f.get(XT), f.get(EPS_V), f.get(EPS_T), f.get(MASK_V), f.get(MASK_T),
        f.get(EYE)};
    try {
      Quiet.run(() -> sd.fit(new MultiDataSet(features, new INDArray[0])));
    } finally {
      release(f.values());
    }
  }

  /** Current value of a weight, as float. */
  public INDArray value(String name) {
    return sd.getVariable(name).getArr();
  }

  /** Overwrites a weight's value (the gradient check perturbs one entry at a time). */
  public void setValue(String name, INDArray value) {
    sd.getVariable(name).getArr().assign(value);
  }

  /** The current weights as a {@link PmieParams}, keeping the input standardisation of {@code base}. */
  public PmieParams params(PmieParams base) {
    Map<String, Tensor> t = new LinkedHashMap<>(base.tensors());
    for (String name : trainable) {
      INDArray arr = sd.getVariable(name).getArr().castTo(DataType.FLOAT);
      Tensor old = base.get(name);
      t.put(name, new Tensor(old.shape().clone(), arr.dup('c').data().asFloat()));
    }
    return new PmieParams(dims, t);
  }

  public List<String> trainableNames() {
    return new ArrayList<>(trainable);
  }

  private INDArray toArray(Tensor t) {
    long[] shape = new long[t.shape().length];
    for (int i = 0; i < shape.length; i++) shape[i] = t.shape()[i];
    return Nd4j.create(t.data(), shape, DataType.FLOAT).castTo(dataType);
  }
}
