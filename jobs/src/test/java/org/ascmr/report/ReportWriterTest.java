package org.ascmr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.ascmr.experiment.ExperimentSummary;
import org.ascmr.experiment.RoundResult;
import org.junit.jupiter.api.Test;

/**
 * Plots and report.html from a realistic-looking results list (OpenClipArt-sized pool, 2% initial
 * set, 2% per round, 3 seeds): synthetic numbers, since this checks plotting, not learning. The
 * output stays in target/report-test/ so a person can open it.
 */
class ReportWriterTest {
  static final long POOL = 2243;

  /** mAP rising towards ~0.43 as labels arrive; ascmr a little faster than random, with seed noise. */
  static List<RoundResult> results() {
    List<RoundResult> out = new ArrayList<>();
    Map<String, Double> speed = new LinkedHashMap<>();
    speed.put("random", 0.10);
    speed.put("entropy", 0.085);
    speed.put("coreset", 0.09);
    speed.put("ascmr", 0.065);
    for (long seed = 1; seed <= 3; seed++) {
      Random rnd = new Random(seed);
      double ceiling = 0.43 + 0.01 * rnd.nextGaussian();
      out.add(new RoundResult(RoundResult.CEILING, seed, 0, POOL, POOL, ceiling + 0.02, ceiling - 0.02, ceiling, null,
          null, null, Map.of(RoundResult.TRAIN, 95.0, RoundResult.EVALUATE, 2.0)));
      for (Map.Entry<String, Double> s : speed.entrySet()) {
        for (int round = 0; round <= 9; round++) {
          long labelled = Math.round(POOL * 0.02 * (round + 1));
          double f = (double) labelled / POOL;
          double mean = 0.18 + 0.25 * (1 - Math.exp(-f / s.getValue())) + 0.008 * rnd.nextGaussian();
          Map<String, Double> secs = new LinkedHashMap<>();
          secs.put(RoundResult.TRAIN, 8 + 40 * f + rnd.nextDouble());
          secs.put(RoundResult.EMBED, 1.5);
          secs.put(RoundResult.EVALUATE, 1.2);
          secs.put(RoundResult.SELECT, s.getKey().equals("coreset") ? 4.0 : 0.3);
          if (s.getKey().equals("ascmr")) {
            secs.put(RoundResult.SCORE, 6.0);
            secs.put(RoundResult.DENSITY, 3.5);
          }
          if (s.getKey().equals("entropy")) secs.put(RoundResult.SCORE, 0.8);
          out.add(new RoundResult(s.getKey(), seed, round, labelled, POOL, mean + 0.02, mean - 0.02, mean - 0.01,
              round == 9 ? null : 0.5, round == 9 ? null : 0.2, round == 9 ? null : 0.8, secs));
        }
      }
    }
    return out;
  }

  @Test
  void writesReadablePlotsAndASelfContainedReport() throws Exception {
    ExperimentSummary summary = ExperimentSummary.of(results());
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("experiment.seeds", "1,2,3");
    settings.put("experiment.init", "0.02");
    settings.put("experiment.budget", "0.02 <per round>");
    Path dir = Path.of("target", "report-test");
    Path html = ReportWriter.write(dir, "synthetic OpenClipArt-sized run", summary, settings);

    for (String name : List.of(ReportWriter.MAP_PLOT, ReportWriter.TIME_PLOT)) {
      byte[] png = Files.readAllBytes(dir.resolve(name));
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertNotNull(img, name + " is not a PNG");
      assertEquals(1000, img.getWidth());
      assertEquals(620, img.getHeight());
      assertTrue(distinctColours(img) > 20, name + " looks blank");
    }
    String text = Files.readString(html, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("<!DOCTYPE html>"));
    for (String s : List.of("ascmr", "random", "coreset", "entropy", "fraction to 95%", "data:image/png;base64,",
        "experiment.budget", "0.02 &lt;per round&gt;")) {
      assertTrue(text.contains(s), s + " missing from report.html");
    }
    assertTrue(!text.contains("src=\"" + ReportWriter.MAP_PLOT), "plots must be inlined, not linked");
  }

  private static int distinctColours(BufferedImage img) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) seen.add(img.getRGB(x, y));
    return seen.size();
  }
}
