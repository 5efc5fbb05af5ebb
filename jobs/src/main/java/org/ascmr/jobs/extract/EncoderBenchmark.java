package org.ascmr.jobs.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.ascmr.data.PairsBundle;
import org.ascmr.features.ExtractConfig;
import org.ascmr.features.ImageDescriptor;
import org.ascmr.features.encode.EncoderConfig;
import org.ascmr.features.encode.Encoders;
import org.ascmr.features.encode.ImageEncoder;
import org.ascmr.features.encode.TextEncoder;
import org.ascmr.model.Nd4jThreads;

/**
 * Throughput of the encoders {@code extract} can run, on REAL pairs of a local bundle, outside
 * Spark: images/s (decode + preprocess + forward) and texts/s, with 1 caller and with N callers
 * sharing one encoder (how N Spark tasks of one executor use it), each caller on one native
 * thread. Per-core throughput and the scaling ratio to one caller are what size a cluster.
 */
public final class EncoderBenchmark {

  /** One measurement: items of {@code what} per second with {@code callers} concurrent callers. */
  public record Measurement(String encoder, String what, int callers, int items, double seconds) {
    public double perSecond() {
      return items / seconds;
    }
  }

  /** User model paths are read like extract reads them, here from the local filesystem by default. */
  private static final Configuration LOCAL = new Configuration();

  private EncoderBenchmark() {}

  public static List<Measurement> run(Path bundle, ExtractConfig config, int count, List<Integer> callers)
      throws Exception {
    List<PairsBundle.Pair> pairs = read(bundle, count);
    List<byte[]> images = new ArrayList<>();
    for (PairsBundle.Pair p : pairs) images.add(Files.readAllBytes(bundle.resolve(p.image())));
    List<String> texts = pairs.stream().map(PairsBundle.Pair::text).toList();
    Nd4jThreads.limit(1);
    List<Measurement> out = new ArrayList<>();
    try (ImageEncoder image = Encoders.image(config, path -> ExecutorEncoders.read(path, LOCAL))) {
      encodeImages(image, images.subList(0, Math.min(16, images.size())), 1); // warm-up: graph build, JIT
      for (int c : callers) {
        long t0 = System.nanoTime();
        encodeImages(image, images, c);
        out.add(new Measurement(image.info().name(), "images", c, images.size(), (System.nanoTime() - t0) / 1e9));
      }
    }
    EncoderConfig e = config.encoders();
    try (TextEncoder text = Encoders.text(e, path -> ExecutorEncoders.read(path, LOCAL))) {
      if (text != null) {
        encodeTexts(text, texts.subList(0, Math.min(32, texts.size())), 1); // warm-up
        for (int c : callers) {
          long t0 = System.nanoTime();
          encodeTexts(text, texts, c);
          out.add(new Measurement(text.info().name(), "texts", c, texts.size(), (System.nanoTime() - t0) / 1e9));
        }
      }
    }
    return out;
  }

  private static void encodeImages(ImageEncoder enc, List<byte[]> images, int callers) throws Exception {
    int batch = 32;
    parallel(callers, images.size(), (from, to) -> {
      for (int s = from; s < to; s += batch) {
        List<float[]> in = new ArrayList<>();
        for (int i = s; i < Math.min(to, s + batch); i++) in.add(enc.preprocess(ImageDescriptor.decode(images.get(i))));
        enc.encode(in);
      }
    });
  }

  private static void encodeTexts(TextEncoder enc, List<String> texts, int callers) throws Exception {
    int batch = 32;
    parallel(callers, texts.size(), (from, to) -> {
      for (int s = from; s < to; s += batch) enc.encode(texts.subList(s, Math.min(to, s + batch)));
    });
  }

  private interface Slice {
    void run(int from, int to) throws Exception;
  }

  /** Splits 0..n into {@code callers} contiguous slices run at once, as Spark tasks would. */
  private static void parallel(int callers, int n, Slice work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int from = (int) ((long) n * c / callers);
        int to = (int) ((long) n * (c + 1) / callers);
        fs.add(pool.submit(() -> {
          work.run(from, to);
          return null;
        }));
      }
      for (Future<?> f : fs) f.get();
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<PairsBundle.Pair> read(Path bundle, int count) throws IOException {
    Path pairsFile = bundle.resolve(PairsBundle.PAIRS_FILE);
    Path labelsFile = bundle.resolve(PairsBundle.LABELS_FILE);
    List<String> labels = PairsBundle.parseLabels(Files.readString(labelsFile), labelsFile.toString());
    Map<String, Integer> index = PairsBundle.labelIndex(labels);
    List<PairsBundle.Pair> out = new ArrayList<>();
    long line = 0;
    for (String l : Files.readAllLines(pairsFile)) {
      line++;
      if (l.isBlank()) continue;
      out.add(PairsBundle.parseLine(l, line, pairsFile.toString(), index));
      if (out.size() == count) break;
    }
    return out;
  }
}
