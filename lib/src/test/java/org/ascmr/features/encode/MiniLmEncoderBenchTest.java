package org.ascmr.features.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ascmr.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sentences per second of {@link MiniLmEncoder} on OpenClipArt captions (title + tags, the
 * {@code text} field of pairs.jsonl), in calls of 32 texts: one thread; one caller with two ORT
 * threads; two callers sharing one encoder with one ORT thread each (two Spark tasks on one
 * executor). Also the padded single-run alternative for comparison. Tagged bench: {@code mvn -Pbench
 * test -pl lib -Dtest=MiniLmEncoderBenchTest}.
 */
@Tag("bench")
class MiniLmEncoderBenchTest {

  private static final int TEXTS = 1024;
  private static final int BATCH = 32;

  @Test
  void throughput() throws Exception {
    List<String> texts = texts();
    try (MiniLmEncoder one = MiniLmEncoder.load(1)) {
      one.encode(texts.subList(0, 64)); // warm-up
      report("1 thread, 1 caller", rate(one, texts, 1, false));
      report("1 thread, 1 caller, padded batch runs", rate(one, texts, 1, true));
      report("2 callers x 1 ORT thread (shared encoder)", rate(one, texts, 2, false));
    }
    try (MiniLmEncoder two = MiniLmEncoder.load(2)) {
      two.encode(texts.subList(0, 64));
      report("1 caller x 2 ORT threads", rate(two, texts, 1, false));
    }
  }

  private static double rate(OnnxTextEncoder enc, List<String> texts, int callers, boolean padded)
      throws Exception {
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < texts.size(); i += BATCH) {
      batches.add(texts.subList(i, Math.min(texts.size(), i + BATCH)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    long t0 = System.nanoTime();
    List<Future<Integer>> done = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int first = c;
      done.add(pool.submit(() -> {
        int n = 0;
        for (int b = first; b < batches.size(); b += callers) {
          float[][] v = padded ? enc.encodePadded(batches.get(b)) : enc.encode(batches.get(b));
          n += v.length;
        }
        return n;
      }));
    }
    int n = 0;
    for (Future<Integer> f : done) {
      n += f.get();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    assertEquals(texts.size(), n);
    return n / s;
  }

  private static void report(String what, double perSecond) {
    System.out.printf("MiniLM %-45s %7.1f sentences/s (%d texts, calls of %d)%n", what, perSecond, TEXTS, BATCH);
  }

  private static List<String> texts() throws IOException {
    ObjectMapper om = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(TestData.openClipArt().resolve("pairs.jsonl"))) {
      if (!line.isBlank() && out.size() < TEXTS) {
        out.add(om.readTree(line).get("text").asText());
      }
    }
    return out;
  }
}
