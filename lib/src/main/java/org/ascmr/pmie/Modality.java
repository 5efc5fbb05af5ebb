package org.ascmr.pmie;

/** The two towers of the estimator; {@link #prefix} names their weights ("v.m1_w", "t.ln_g"). */
public enum Modality {
  IMAGE("v"),
  TEXT("t");

  private final String prefix;

  Modality(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** Full weight name of this tower's {@code local} weight, e.g. "v_m1_w". */
  public String name(String local) {
    return prefix + "_" + local;
  }
}
