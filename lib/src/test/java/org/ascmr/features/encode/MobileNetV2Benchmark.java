package org.ascmr.features.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ascmr.model.Nd4jThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of the forward pass (not preprocessing), images/s, on batches of 32 preprocessed
 * 224 x 224 inputs (the fixture images, cycled). Off by default; run one thread count per JVM:
 * {@code mvn -o -q test -pl lib -Dtest=MobileNetV2Benchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dascmr.mobilenet.bench=1} (the value is ND4J's thread count, set with Nd4jThreads.limit).
 * Prints, per layer, one batch of 32 ({@code -Dascmr.mobilenet.bench.batch}) in one call and
 * as many calls of one image, each after a
 * warm-up, best of {@code -Dascmr.mobilenet.bench.reps} (default 2) runs; and
 * {@link MobileNetV2Encoder#encode} of 32 inputs split over {@code
 * -Dascmr.mobilenet.bench.callers} (default 1) concurrent calling threads.
 */
class MobileNetV2Benchmark {
  @Test
  @EnabledIfSystemProperty(named = "ascmr.mobilenet.bench", matches = "\\d+")
  void throughput() {
    int threads = Integer.parseInt(System.getProperty("ascmr.mobilenet.bench"));
    int reps = Integer.parseInt(System.getProperty("ascmr.mobilenet.bench.reps", "2"));
    String only = System.getProperty("ascmr.mobilenet.bench.layers", "out_relu,block_10_project_BN");
    Nd4jThreads.limit(threads);
    TfjsLayersModel model = TfjsLayersModel.readResource(MobileNetV2Encoder.RESOURCES);
    List<float[]> images = new ArrayList<>();
    for (String img : MobileNetV2FixtureInputs.IMAGES) images.add(MobileNetV2FixtureInputs.input(img));
    int n = Integer.getInteger("ascmr.mobilenet.bench.batch", 32);
    int len = 224 * 224 * 3;
    float[] batch = new float[n * len];
    for (int i = 0; i < n; i++) System.arraycopy(images.get(i % 3), 0, batch, i * len, len);
    var in32 = Nd4j.create(batch, new long[] {n, 224, 224, 3}, 'c');
    var in1 = Nd4j.create(images.get(0), new long[] {1, 224, 224, 3}, 'c');
    for (String layer : only.split(",")) {
      SameDiff sd = MobileNetV2Graph.build(model, List.of(layer));
      String out = layer + MobileNetV2Graph.GAP;
      sd.outputSingle(Map.of(MobileNetV2Graph.INPUT, in1), out); // warm-up
      double bestBatch = Double.MAX_VALUE;
      double bestSingle = Double.MAX_VALUE;
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        sd.outputSingle(Map.of(MobileNetV2Graph.INPUT, in32), out);
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) sd.outputSingle(Map.of(MobileNetV2Graph.INPUT, in1), out);
        long t2 = System.nanoTime();
        bestBatch = Math.min(bestBatch, (t1 - t0) / 1e9);
        bestSingle = Math.min(bestSingle, (t2 - t1) / 1e9);
      }
      // what encode() does, from `callers` threads at once, each encoding n / callers images
      int callers = Integer.getInteger("ascmr.mobilenet.bench.callers", 1);
      double bestEncode = Double.MAX_VALUE;
      try (MobileNetV2Encoder enc = MobileNetV2Encoder.load(layer)) {
        List<float[]> part = new ArrayList<>();
        for (int i = 0; i < n / callers; i++) part.add(images.get(i % 3));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
          List<java.util.concurrent.Future<float[][]>> warm = new ArrayList<>();
          for (int c = 0; c < callers; c++) warm.add(pool.submit(() -> enc.encode(List.of(part.get(0)))));
          for (var f : warm) f.get();
          for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<float[][]>> fs = new ArrayList<>();
            for (int c = 0; c < callers; c++) fs.add(pool.submit(() -> enc.encode(part)));
            for (var f : fs) f.get();
            bestEncode = Math.min(bestEncode, (System.nanoTime() - t0) / 1e9);
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        } finally {
          pool.shutdownNow();
        }
      }
      System.out.printf("BENCH threads %d layer %-20s encode() of %d from %d caller(s): %.1f img/s%n",
          threads, layer, n / callers * callers, callers, n / callers * callers / bestEncode);
      System.out.printf("BENCH threads %d layer %-20s batch of %d: %.1f img/s (%.2f s)  "
          + "%d x batch of 1: %.1f img/s (%.2f s)%n",
          threads, layer, n, n / bestBatch, bestBatch, n, n / bestSingle, bestSingle);
    }
  }
}
