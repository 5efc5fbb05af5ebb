package org.ascmr.model;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.SameDiffLoss;

/**
 * L_cls + alpha L_pair of {@link RetrievalGraph} as a DL4J loss over the head's output
 * [f_v | f_t | s_v | s_t] with the multi-hot labels y. DL4J's SameDiffLoss insists that the label
 * array is as wide as the output, so the labels arrive as [y | 0] (2E + 2C columns,
 * {@link Dl4jRetrievalNet#toMultiDataSet}) and the loss reads the first C. Per example i:
 * <pre>
 *   score_i = ||s_v,i - y_i|| + 0.5 ||s_t,i - y_i||
 *           + alpha sum over (a,b) in {(v,v),(v,t),(t,t)} of mean_j [softplus(theta_ij) - S_ij theta_ij]
 * </pre>
 * so DL4J's mean over the minibatch is exactly RetrievalGraph's loss (in-batch pairs: per worker
 * minibatch, as in the averaging engine).
 *
 * <p>The three SameDiffLoss workarounds of DL4J 1.0.0-M2.1 (shared/docs/stack.md): softplus is
 * built from exp and log (theta is in [-0.5, 0.5], so this cannot overflow) rather than from
 * fused ops whose gradient breaks; the SameDiff instance is created outside DL4J workspaces; the
 * compute methods hold one lock (Spark tasks in one executor share the instance). Public no-arg
 * constructor and getters/setters: DL4J sends the configuration as JSON.
 */
public class Dl4jRetrievalLoss extends SameDiffLoss {
  private static final Object LOCK = new Object();

  private int embedDim;
  private int numLabels;
  private double alpha;

  public Dl4jRetrievalLoss() {}

  public Dl4jRetrievalLoss(int embedDim, int numLabels, double alpha) {
    this.embedDim = embedDim;
    this.numLabels = numLabels;
    this.alpha = alpha;
  }

  @Override
  public SDVariable defineLoss(SameDiff sd, SDVariable in, SDVariable paddedLabels) {
    int e = embedDim;
    int c = numLabels;
    SDVariable y = paddedLabels.get(SDIndex.all(), SDIndex.interval(0, c));
    SDVariable fv = in.get(SDIndex.all(), SDIndex.interval(0, e));
    SDVariable ft = in.get(SDIndex.all(), SDIndex.interval(e, 2 * e));
    SDVariable sv = in.get(SDIndex.all(), SDIndex.interval(2 * e, 2 * e + c));
    SDVariable st = in.get(SDIndex.all(), SDIndex.interval(2 * e + c, 2 * e + 2 * c));
    SDVariable cls = norm(sd, sv.sub(y)).add(norm(sd, st.sub(y)).mul(0.5));
    SDVariable nv = Dl4jHeadLayer.normalise(sd, fv);
    SDVariable nt = Dl4jHeadLayer.normalise(sd, ft);
    SDVariable shared = sd.mmul(y, y, false, true, false);
    SDVariable pair = pairTerm(sd, nv, nv, shared).add(pairTerm(sd, nv, nt, shared)).add(pairTerm(sd, nt, nt, shared));
    return cls.add(pair.mul(alpha));
  }

  /** Row norms as a vector [B], with RetrievalGraph's epsilon. */
  private static SDVariable norm(SameDiff sd, SDVariable x) {
    return sd.math().sqrt(x.mul(x).sum(false, 1).add(RetrievalGraph.NORM_EPS));
  }

  /** mean_j [softplus(theta_ij) - S_ij theta_ij] per row i, theta = cos / 2, softplus = log(1 + exp). */
  private static SDVariable pairTerm(SameDiff sd, SDVariable a, SDVariable b, SDVariable shared) {
    SDVariable theta = sd.mmul(a, b, false, true, false).mul(0.5);
    SDVariable softplus = sd.math().log(sd.math().exp(theta).add(1.0));
    return softplus.sub(shared.mul(theta)).mean(false, 1);
  }

  @Override
  protected void createSameDiffInstance(DataType dataType) {
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      QuietStdout.run(() -> super.createSameDiffInstance(dataType));
    }
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    synchronized (LOCK) {
      return super.computeScore(labels, preOutput, activationFn, mask, average);
    }
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    synchronized (LOCK) {
      return super.computeScoreArray(labels, preOutput, activationFn, mask);
    }
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    synchronized (LOCK) {
      return super.computeGradient(labels, preOutput, activationFn, mask);
    }
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    synchronized (LOCK) {
      return super.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
    }
  }

  @Override
  public String name() {
    return "ascmr-retrieval-loss";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dl4jRetrievalLoss l && l.embedDim == embedDim && l.numLabels == numLabels
        && Double.compare(l.alpha, alpha) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(embedDim, numLabels, alpha);
  }

  @Override
  public String toString() {
    return "Dl4jRetrievalLoss(embedDim=" + embedDim + ", numLabels=" + numLabels + ", alpha=" + alpha + ")";
  }

  public int getEmbedDim() { return embedDim; }
  public void setEmbedDim(int v) { embedDim = v; }
  public int getNumLabels() { return numLabels; }
  public void setNumLabels(int v) { numLabels = v; }
  public double getAlpha() { return alpha; }
  public void setAlpha(double v) { alpha = v; }
}
