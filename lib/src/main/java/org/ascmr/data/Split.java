package org.ascmr.data;

import java.util.Locale;

/** The split a pair belongs to; method.md §1: train is the pool, val selects models, test reports. */
public enum Split {
  TRAIN,
  VAL,
  TEST;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "train", "val" or "test"; returns null for anything else so callers can name the row. */
  public static Split parse(String text) {
    if (text == null) return null;
    for (Split s : values()) if (s.id().equals(text)) return s;
    return null;
  }
}
