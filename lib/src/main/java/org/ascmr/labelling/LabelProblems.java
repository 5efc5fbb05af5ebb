package org.ascmr.labelling;

/**
 * The fixed start of each bad-row message, shared by the code and the tests that assert them.
 * Each message goes on with what was expected and what was found.
 */
public final class LabelProblems {
  public static final String MALFORMED = "malformed row";
  public static final String MISSING_ID = "missing id";
  public static final String NOT_IN_POOL = "id not in the pool";
  public static final String NOT_TRAIN = "id is not in the train or val split";
  public static final String EMPTY_LABELS = "empty labels";
  public static final String UNKNOWN_LABEL = "label not in the vocabulary";
  public static final String CONFLICT_IN_FILE = "conflicting labels for one id within the file";
  public static final String CONFLICT_EARLIER = "conflicting labels against earlier labels";
  public static final String ANNOTATORS_DISAGREE = "conflicting labels for one id within the file: annotators disagree";

  private LabelProblems() {}
}
