package org.ascmr.model;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * SameDiff M2.1 prints one "Added differentiated op ..." line to System.out per op when it builds
 * a gradient graph (an unconditional println, no switch; ~100-1000 lines per model). While
 * {@link #run} runs its action, System.out drops exactly those lines and passes everything else
 * through, so other threads' output is kept. Nested and concurrent calls share one filter.
 */
final class QuietStdout {
  static final String NOISE = "Added differentiated op";
  private static final Object LOCK = new Object();
  private static int depth;
  private static PrintStream original;

  private QuietStdout() {}

  static void run(Runnable action) {
    synchronized (LOCK) {
      if (depth++ == 0) {
        original = System.out;
        System.setOut(new PrintStream(new LineFilter(original), true, StandardCharsets.UTF_8));
      }
    }
    try {
      action.run();
    } finally {
      synchronized (LOCK) {
        if (--depth == 0) {
          System.out.flush();
          System.setOut(original);
          original = null;
        }
      }
    }
  }

  /** Buffers one line at a time and forwards it unless it is SameDiff's noise. */
  private static final class LineFilter extends OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineFilter(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') emit();
    }

    @Override
    public synchronized void flush() {
      if (line.size() > 0 && !startsWithNoise()) {
        target.write(line.toByteArray(), 0, line.size());
        line.reset();
      }
      target.flush();
    }

    private void emit() {
      if (!startsWithNoise()) target.write(line.toByteArray(), 0, line.size());
      line.reset();
    }

    private boolean startsWithNoise() {
      return line.toString(StandardCharsets.UTF_8).startsWith(NOISE);
    }
  }
}
