package org.ascmr.cli;

/** Finds an exception of a given type in a cause chain (Spark wraps executor failures). */
public final class TestCauses {
  private TestCauses() {}

  public static Throwable find(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return t;
    throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + e, e);
  }
}
