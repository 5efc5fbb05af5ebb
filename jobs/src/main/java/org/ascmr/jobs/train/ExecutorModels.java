package org.ascmr.jobs.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.ascmr.model.RetrievalModel;

/**
 * Model instances kept per executor JVM between Spark tasks: building a SameDiff graph and its
 * gradient function costs about as much as an epoch on a small partition, so a task borrows an
 * instance built for the same key (a spec for training, a model fingerprint for embedding) and
 * gives it back. An instance is used by one task at a time (SameDiff is not thread-safe); only
 * the most recent few keys are kept.
 */
final class ExecutorModels {
  private static final int MAX_KEYS = 4;
  private static final Map<String, Deque<RetrievalModel>> POOL = new LinkedHashMap<>(16, 0.75f, true);

  private ExecutorModels() {}

  static RetrievalModel borrow(String key, Supplier<RetrievalModel> build) {
    synchronized (POOL) {
      Deque<RetrievalModel> free = POOL.get(key);
      if (free != null && !free.isEmpty()) return free.pop();
    }
    return build.get();
  }

  static void giveBack(String key, RetrievalModel model) {
    synchronized (POOL) {
      POOL.computeIfAbsent(key, k -> new ArrayDeque<>()).push(model);
      Iterator<String> oldest = POOL.keySet().iterator();
      while (POOL.size() > MAX_KEYS && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    }
  }

  /** Drops every kept instance (end of a training run in this JVM). */
  static void clear(String key) {
    synchronized (POOL) {
      POOL.remove(key);
    }
  }
}
