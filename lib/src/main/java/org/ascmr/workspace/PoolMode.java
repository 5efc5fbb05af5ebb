package org.ascmr.workspace;

/**
 * How a workspace holds its pool. COPY (the default) makes the workspace self-contained: deleting
 * or re-extracting the source pool cannot change what earlier rounds were computed from.
 * REFERENCE avoids copying a very large pool; the workspace records the pool's fingerprint and
 * refuses to run when the pool at that path was replaced.
 */
public enum PoolMode {
  COPY,
  REFERENCE
}
