package org.ascmr.cca;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.ascmr.error.ConfigException;
import org.ascmr.eval.MeanAveragePrecision;
import org.ascmr.eval.RetrievalMap;

/**
 * Chooses the CCA dimensions and ridge on the val split (method.md §1: never on test): one fit
 * per ridge candidate (all sharing one eigen-decomposition per modality; the dims candidates are
 * prefixes of the same fit, so they cost only a projection), each scored by mean mAP@all on val;
 * the first best in (ridge, dims) list order wins. Dims candidates above what a fit supports are
 * capped to it, and duplicates after capping dropped.
 */
public final class CcaSelection {
  /** One candidate and its val score (null when there were no val rows to score). */
  public record Candidate(int dims, double ridge, RetrievalMap val) {}

  /** The chosen model and dims, with every candidate tried in order. */
  public record Choice(LinearCca model, int dims, double ridge, List<Candidate> candidates) {}

  /** One candidate before its val score: a ridge's fit and the dims kept. */
  private record Fit(LinearCca model, int dims, double ridge) {}

  private CcaSelection() {}

  /**
   * @param train        moments of the train pairs
   * @param valImage     val image vectors (rows in a fixed order, e.g. by id)
   * @param valText      val text vectors, same rows
   * @param valLabels    val multi-hot labels, same rows (null rows = unknown)
   * @param config       candidates
   */
  public static Choice select(Moments train, float[][] valImage, float[][] valText, float[][] valLabels,
      CcaConfig config) {
    boolean haveVal = valImage != null && valImage.length > 0;
    if (config.selects() && !haveVal) {
      throw new ConfigException(CcaConfig.DIMS.key(), "several candidates of cca.dims/cca.ridge need val rows to "
          + "choose from, and there are none; give one value for each");
    }
    MeanAveragePrecision map = new MeanAveragePrecision();
    LinearCca.Fitter fitter = new LinearCca.Fitter(train);
    List<Fit> fits = new ArrayList<>();
    for (double ridge : config.ridge()) {
      LinearCca model = fitter.fit(ridge);
      Set<Integer> dimsList = new LinkedHashSet<>();
      for (int d : config.dims()) dimsList.add(Math.min(d, model.maxDims()));
      for (int d : dimsList) fits.add(new Fit(model, d, ridge));
    }
    // Each candidate's val mAP on its own (in parallel: 42 candidates on 2,000 val rows of 512-d
    // pools took a minute one at a time); the choice below reads them in list order, as before.
    RetrievalMap[] vals = new RetrievalMap[fits.size()];
    if (haveVal) {
      IntStream.range(0, vals.length).parallel().forEach(c -> {
        Fit f = fits.get(c);
        vals[c] = map.evaluate(f.model().projectImages(valImage, f.dims()), f.model().projectTexts(valText, f.dims()),
            valLabels);
      });
    }
    List<Candidate> tried = new ArrayList<>();
    Choice best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < vals.length; c++) {
      Fit f = fits.get(c);
      tried.add(new Candidate(f.dims(), f.ridge(), vals[c]));
      double score = vals[c] == null ? 0 : vals[c].mean();
      if (best == null || score > bestScore) {
        bestScore = score;
        best = new Choice(f.model(), f.dims(), f.ridge(), null);
      }
    }
    return new Choice(best.model(), best.dims(), best.ridge(), List.copyOf(tried));
  }
}
