package org.ascmr.pmie;

import java.util.Arrays;
import org.ascmr.data.SeededSplit;

/**
 * One minibatch as the graph takes it: B pairs of standardised features (row-major), the
 * Monte-Carlo noise of each item in (sample, row, dim) order, and the inverted-dropout masks of
 * the mean heads (all ones in eval mode). Everything is generated from (seed, salt, id), so a
 * batch is the same whatever order or machine made it.
 */
public record PmieBatch(int size, float[] xv, float[] xt, float[] epsV, float[] epsT, float[] maskV,
    float[] maskT) {

  /**
   * Builds a batch from standardised rows {@code xv[i]}, {@code xt[i]} with id hashes
   * {@code idHash[i]}. Noise and masks come from (seed, salt, id); {@code dropout} 0 gives the
   * eval-mode masks.
   */
  public static PmieBatch of(PmieDims dims, int samples, float[][] xv, float[][] xt, long[] idHash, long seed,
      long salt, double dropout) {
    int b = xv.length;
    int e = dims.embedDim();
    float[] fv = flatten(xv, dims.imageDim());
    float[] ft = flatten(xt, dims.textDim());
    float[] epsV = new float[samples * b * e];
    float[] epsT = new float[samples * b * e];
    float[] maskV = new float[b * e];
    float[] maskT = new float[b * e];
    float[] item = new float[2 * samples * e];
    float keep = (float) (1.0 / (1.0 - dropout));
    for (int i = 0; i < b; i++) {
      long state = SeededSplit.key(seed, salt, idHash[i]);
      // The same layout as the scorer's: K x E' values for the image, then K x E' for the text.
      Noise.gaussians(state, item, 0, item.length);
      for (int k = 0; k < samples; k++) {
        System.arraycopy(item, k * e, epsV, (k * b + i) * e, e);
        System.arraycopy(item, (samples + k) * e, epsT, (k * b + i) * e, e);
      }
      if (dropout > 0) {
        long maskState = SeededSplit.key(seed, salt ^ 0xD40F0D40L, idHash[i]);
        fillMask(maskState, maskV, i * e, e, dropout, keep);
        fillMask(maskState ^ 0x7F4A7C15L, maskT, i * e, e, dropout, keep);
      } else {
        Arrays.fill(maskV, i * e, (i + 1) * e, 1f);
        Arrays.fill(maskT, i * e, (i + 1) * e, 1f);
      }
    }
    return new PmieBatch(b, fv, ft, epsV, epsT, maskV, maskT);
  }

  private static void fillMask(long state, float[] mask, int from, int n, double dropout, float keep) {
    long s = state;
    for (int j = 0; j < n; j++) {
      double u = Noise.uniform(s += Noise.GOLDEN);
      mask[from + j] = u < dropout ? 0f : keep;
    }
  }

  private static float[] flatten(float[][] rows, int dim) {
    float[] out = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * dim, dim);
    return out;
  }
}
