package org.ascmr.jobs.extract;

import org.ascmr.features.encode.ImageEncoder;
import org.ascmr.features.encode.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of one extract partition in the executor log: lines so far, rejects, and the rate in
 * pairs per second with the encoders named (a pretrained image encoder is the slow part, so its
 * images/s is what a user watches), every 30 s and once at the end.
 */
final class DecodeProgress {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeProgress.class);
  private static final long LOG_EVERY_NANOS = 30_000_000_000L;

  private final String encoders;
  private final long start = System.nanoTime();
  private long lastLog = start;
  private long rows;
  private long rejected;
  private boolean logged;

  DecodeProgress(ImageEncoder image, TextEncoder text) {
    this.encoders = image == null ? "parse only"
        : image.info().name() + " + " + (text == null ? "tfidf (fitted later)" : text.info().name());
  }

  void add(long lines, long rejects) {
    rows += lines;
    rejected += rejects;
    long now = System.nanoTime();
    if (now - lastLog > LOG_EVERY_NANOS) {
      lastLog = now;
      LOG.info(String.format("extract: %d lines decoded so far (%d rejected), %.1f pairs/s (%s)", rows, rejected,
          rows / ((now - start) / 1e9), encoders));
    }
  }

  void done() {
    if (logged || rows == 0) return;
    logged = true;
    double s = (System.nanoTime() - start) / 1e9;
    LOG.info(String.format("extract: decoded %d lines (%d rejected) in %.1f s, %.1f pairs/s (%s)", rows, rejected, s,
        rows / Math.max(s, 1e-9), encoders));
  }
}
