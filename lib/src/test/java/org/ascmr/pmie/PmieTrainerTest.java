package org.ascmr.pmie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ascmr.config.ConfigSource;
import org.ascmr.data.WikipediaBenchmark;
import org.ascmr.error.BadInputException;
import org.ascmr.testing.Wikipedia;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training on real pairs (Wikipedia classic features), small so that it takes seconds. */
class PmieTrainerTest {
  static final int PAIRS = 600;
  static PmieTrainer.Pairs pairs;
  static int imageDim;
  static int textDim;
  static ScoreConfig cfg;
  static PmieTrainer.Result first;

  @BeforeAll
  static void train() {
    WikipediaBenchmark.Data d = Wikipedia.data();
    pairs = pairs(d.train().subList(0, PAIRS));
    imageDim = d.imageDim();
    textDim = d.textDim();
    cfg = small();
    first = PmieTrainer.train(copy(pairs), imageDim, textDim, cfg, "wikipedia", line -> { });
  }

  static ScoreConfig small() {
    return ScoreConfig.from(ConfigSource.load(null, List.of("score.embedDim=16", "score.hidden=16",
        "score.samples=3", "score.trainBatch=64", "score.epochs=4", "score.lr=3e-3", "score.seed=5", "score.trainThreads=1")));
  }

  static PmieTrainer.Pairs pairs(List<WikipediaBenchmark.Item> items) {
    String[] ids = new String[items.size()];
    float[][] xv = new float[items.size()][];
    float[][] xt = new float[items.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = items.get(i).textId();
      xv[i] = items.get(i).image();
      xt[i] = items.get(i).text();
    }
    return new PmieTrainer.Pairs(ids, xv, xt);
  }

  static PmieTrainer.Pairs copy(PmieTrainer.Pairs p) {
    float[][] xv = new float[p.size()][];
    float[][] xt = new float[p.size()][];
    for (int i = 0; i < p.size(); i++) {
      xv[i] = p.image()[i].clone();
      xt[i] = p.text()[i].clone();
    }
    return new PmieTrainer.Pairs(p.ids().clone(), xv, xt);
  }

  @Test
  void heldOutLossFallsOnRealPairs() {
    List<PmieTrainer.EpochStats> h = first.history();
    assertTrue(h.size() >= 2, "epochs run: " + h.size());
    assertTrue(first.bestHeldOutLoss() < h.get(0).heldOutLoss(), "held-out loss " + h);
    assertEquals(Math.round(PAIRS * 0.1), first.heldOutPairs());
    assertEquals(PAIRS - first.heldOutPairs(), first.trainPairs());
    h.forEach(e -> assertTrue(Double.isFinite(e.trainLoss()) && Double.isFinite(e.heldOutLoss())));
  }

  @Test
  void sameSeedSameModelWhateverTheRowOrder() {
    // reversed input order: the trainer orders by id itself
    PmieTrainer.Pairs p = copy(pairs);
    List<Integer> order = new ArrayList<>();
    for (int i = p.size() - 1; i >= 0; i--) order.add(i);
    String[] ids = new String[p.size()];
    float[][] xv = new float[p.size()][];
    float[][] xt = new float[p.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = p.ids()[order.get(i)];
      xv[i] = p.image()[order.get(i)];
      xt[i] = p.text()[order.get(i)];
    }
    PmieTrainer.Result again = PmieTrainer.train(new PmieTrainer.Pairs(ids, xv, xt), imageDim, textDim, cfg,
        "wikipedia", line -> { });
    assertArrayEquals(first.model().toBytes(), again.model().toBytes());
    assertEquals(first.history(), again.history().stream()
        .map(e -> new PmieTrainer.EpochStats(e.epoch(), e.trainLoss(), e.heldOutLoss(),
            first.history().get(e.epoch() - 1).seconds())).toList());
  }

  @Test
  void badVectorIsReportedWithItsId() {
    PmieTrainer.Pairs p = copy(pairs);
    p.text()[7] = new float[textDim + 1];
    BadInputException e = assertThrows(BadInputException.class,
        () -> PmieTrainer.train(p, imageDim, textDim, cfg, "wikipedia", line -> { }));
    assertTrue(e.getMessage().contains("id " + p.ids()[7]) && e.getMessage().contains("'text'"), e.getMessage());
  }
}
