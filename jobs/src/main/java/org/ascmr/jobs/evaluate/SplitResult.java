package org.ascmr.jobs.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ascmr.eval.RetrievalMap;

/** mAP@all of one split: I2T, T2I, their mean, and how many items and queries counted. */
public record SplitResult(String split, int items, RetrievalMap map) {

  /** The JSON form: i2t/t2i/mean are null when the split had no labelled query. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean any = map.imageQueries() > 0 || map.textQueries() > 0;
    m.put("i2t", any ? map.i2t() : null);
    m.put("t2i", any ? map.t2i() : null);
    m.put("mean", any ? map.mean() : null);
    m.put("items", items);
    m.put("imageQueries", map.imageQueries());
    m.put("textQueries", map.textQueries());
    return m;
  }
}
