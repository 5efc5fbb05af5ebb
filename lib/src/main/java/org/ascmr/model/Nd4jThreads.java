package org.ascmr.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps ND4J's native threads (libnd4j's OpenMP pool and OpenBLAS) in this JVM. Spark runs several
 * training tasks per executor at once; each using all cores would oversubscribe the CPU.
 */
public final class Nd4jThreads {
  private static int applied;

  private Nd4jThreads() {}

  /** Limits ND4J to {@code threads} threads; 0 leaves ND4J's default. Process-wide, idempotent. */
  public static synchronized void limit(int threads) {
    if (threads <= 0 || threads == applied) return;
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    applied = threads;
  }
}
