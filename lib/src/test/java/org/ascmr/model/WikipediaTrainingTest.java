package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ascmr.data.Labels;
import org.ascmr.data.WikipediaBenchmark;
import org.ascmr.testing.Wikipedia;
import org.junit.jupiter.api.Test;

/** Learning on real data: a few hundred Wikipedia pairs (the file order mixes the classes). */
class WikipediaTrainingTest {

  static LabelledData rows(List<WikipediaBenchmark.Item> items, int numLabels) {
    float[][] i = new float[items.size()][];
    float[][] t = new float[items.size()][];
    float[][] y = new float[items.size()][];
    for (int k = 0; k < items.size(); k++) {
      i[k] = items.get(k).image();
      t[k] = items.get(k).text();
      y[k] = Labels.multiHot(numLabels, items.get(k).category());
    }
    return new LabelledData(i, t, y);
  }

  @Test
  void trainingReducesLossAndBeatsTheUntrainedModelOnVal() {
    WikipediaBenchmark.Data d = Wikipedia.data();
    List<WikipediaBenchmark.Item> train = new ArrayList<>(d.train().subList(0, 400));
    List<WikipediaBenchmark.Item> val = new ArrayList<>(d.train().subList(400, 600));
    int c = d.categories().size();
    ModelSpec spec = new ModelSpec(d.imageDim(), d.textDim(), d.categories(),
        new ModelConfig(64, 0, 0.2, 5, 32, 0.4, 0.3, true, 0, 0), true);
    TrainConfig config = new TrainConfig(2e-3, 0.5, 0.999, 32, 8, 8, 5, null, 0, 2048, 1);
    List<LocalTrainer.Epoch> seen = new ArrayList<>();
    LocalTrainer.Result r = LocalTrainer.train(spec, config, rows(train, c), rows(val, c), null, seen::add);
    double first = seen.get(0).loss();
    double last = seen.get(seen.size() - 1).loss();
    assertTrue(last < first - 0.05, "loss " + first + " -> " + last);
    assertTrue(r.bestValMap() > r.untrainedValMap() + 0.05,
        "val mAP untrained " + r.untrainedValMap() + ", trained " + r.bestValMap());
    assertTrue(r.bestValMap() > 0.2, "val mAP " + r.bestValMap() + " (10 classes: chance is about 0.1)");
  }
}
