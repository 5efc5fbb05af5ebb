package org.ascmr.pmie;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Runs SameDiff calls with its debugging chatter filtered out of stdout: M2.1 prints one
 * "Added differentiated op" line per op when it builds a gradient graph (stack.md). Other
 * output passes through unchanged; the filter is installed only for the duration of a call.
 */
final class Quiet {
  static final String NOISE_PREFIX = "Added differentiated op";

  private Quiet() {}

  static <T> T call(Callable<T> work) {
    PrintStream original = System.out;
    if (original instanceof FilteringStream) return invoke(work);
    FilteringStream filter = new FilteringStream(original);
    System.setOut(filter);
    try {
      return invoke(work);
    } finally {
      filter.flushLine();
      if (System.out == filter) System.setOut(original);
    }
  }

  static void run(Runnable work) {
    call(() -> {
      work.run();
      return null;
    });
  }

  private static <T> T invoke(Callable<T> work) {
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Passes whole lines through to the original stream unless they start with the noise prefix. */
  private static final class FilteringStream extends PrintStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    FilteringStream(PrintStream target) {
      super(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') flushLine();
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) write(buf[i]);
    }

    @Override
    public synchronized void flush() {
      target.flush();
    }

    synchronized void flushLine() {
      if (line.size() == 0) return;
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (!text.startsWith(NOISE_PREFIX)) {
        target.print(text);
        target.flush();
      }
    }
  }
}
