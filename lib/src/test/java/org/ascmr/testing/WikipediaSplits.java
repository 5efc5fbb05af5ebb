package org.ascmr.testing;

import java.util.List;
import java.util.Set;
import org.ascmr.data.ImportMatConfig;
import org.ascmr.data.SeededSplit;
import org.ascmr.data.WikipediaBenchmark;
import org.ascmr.data.WikipediaImport;

/**
 * The val split the lib tests carve out of the Wikipedia benchmark's train list: exactly the one
 * {@code ascmr import-mat} makes with its default settings (a seeded 10% by id), so lib tests and
 * jobs tests on the imported pool evaluate on the same rows.
 */
public final class WikipediaSplits {
  private WikipediaSplits() {}

  /** {@code isVal[i]} for train row i of {@link Wikipedia#data()}. */
  public static boolean[] valMask(List<WikipediaBenchmark.Item> train) {
    ImportMatConfig c = ImportMatConfig.defaults();
    List<String> ids = train.stream().map(i -> WikipediaImport.ID_PREFIX + i.textId()).toList();
    Set<String> val = SeededSplit.pick(ids, c.valFraction(), c.seed());
    boolean[] mask = new boolean[ids.size()];
    for (int i = 0; i < mask.length; i++) mask[i] = val.contains(ids.get(i));
    return mask;
  }
}
