package org.ascmr.pmie;

import java.io.Serializable;
import java.util.List;

/**
 * The scores of one or more estimators trained with different seeds ({@code score.ensemble}):
 * u_inter, u_v and u_t of a pair are the means of the members' values, so the seed-to-seed noise
 * of one estimator (issue 10 item 1) averages out; the fused Gaussian and unit vector are the first
 * member's, because the members' embedding spaces are unrelated and cannot be averaged. An
 * ensemble of one scores exactly as its single estimator.
 *
 * <p>Immutable and thread-safe like {@link PmieScorer}; each thread passes its own {@link Workspace}.
 */
public final class PmieEnsemble implements Serializable {
  private static final long serialVersionUID = 1L;

  private final PmieScorer[] members;

  public PmieEnsemble(List<PmieScorer> members) {
    if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one estimator");
    PmieDims dims = members.get(0).dims();
    for (PmieScorer m : members) {
      if (m.dims().embedDim() != dims.embedDim()) {
        throw new IllegalArgumentException("ensemble members differ in embedding size: " + m.dims() + " vs " + dims);
      }
    }
    this.members = members.toArray(new PmieScorer[0]);
  }

  public static PmieEnsemble of(PmieScorer single) {
    return new PmieEnsemble(List.of(single));
  }

  public int size() {
    return members.length;
  }

  public PmieDims dims() {
    return members[0].dims();
  }

  /** Buffers of one thread for batches of up to {@code capacity} rows. */
  public Workspace workspace(int capacity) {
    return new Workspace(capacity);
  }

  /** As {@link PmieScorer#score}, the uncertainties averaged over the members. */
  public void score(float[] xv, float[] xt, long[] idHash, int n, Workspace ws, PairScores out) {
    members[0].score(xv, xt, idHash, n, ws.member[0], out);
    if (members.length == 1) return;
    for (int m = 1; m < members.length; m++) {
      members[m].score(xv, xt, idHash, n, ws.member[m], ws.scratch);
      for (int i = 0; i < n; i++) {
        out.uInter[i] += ws.scratch.uInter[i];
        out.uV[i] += ws.scratch.uV[i];
        out.uT[i] += ws.scratch.uT[i];
      }
    }
    double inv = 1.0 / members.length;
    for (int i = 0; i < n; i++) {
      out.uInter[i] *= inv;
      out.uV[i] *= inv;
      out.uT[i] *= inv;
    }
  }

  /** The first member's fused vectors (labelled pairs). */
  public void fuseOnly(float[] xv, float[] xt, int n, Workspace ws, PairScores out) {
    members[0].fuseOnly(xv, xt, n, ws.member[0], out);
  }

  /** One thread's buffers: each member's and a scratch output for members after the first. */
  public final class Workspace {
    private final PmieScorer.Workspace[] member;
    private final PairScores scratch;

    private Workspace(int capacity) {
      member = new PmieScorer.Workspace[members.length];
      for (int m = 0; m < members.length; m++) member[m] = members[m].workspace(capacity);
      scratch = members.length == 1 ? null : new PairScores(capacity, members[0].dims().embedDim());
    }
  }
}
