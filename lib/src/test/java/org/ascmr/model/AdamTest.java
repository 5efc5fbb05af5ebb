package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

class AdamTest {
  @Test
  void twoStepsMatchTheFormula() {
    ModelSpec spec = Tiny.spec(0, true);
    LabelledData d = Tiny.data(6, 1);
    RetrievalModel model = RetrievalModel.create(spec, RetrievalModel.initialArrays(spec, 3, Tiny.stats(spec, d),
        null), DataType.DOUBLE);
    double lr = 0.01;
    double b1 = 0.5;
    double b2 = 0.999;
    Adam adam = new Adam(lr, b1, b2);
    double w0 = model.array("image.w").getDouble(0, 0);
    double[] grads = {0.5, -2.0};
    double m = 0;
    double v = 0;
    double w = w0;
    for (int t = 0; t < 2; t++) {
      Map<String, INDArray> g = new HashMap<>();
      for (String name : model.trainable()) {
        g.put(name, Nd4j.valueArrayOf(model.array(name).shape(), grads[t], DataType.DOUBLE));
      }
      adam.apply(model, g);
      m = b1 * m + (1 - b1) * grads[t];
      v = b2 * v + (1 - b2) * grads[t] * grads[t];
      w -= lr * Math.sqrt(1 - Math.pow(b2, t + 1)) / (1 - Math.pow(b1, t + 1)) * m / (Math.sqrt(v) + Adam.EPSILON);
    }
    assertEquals(w, model.array("image.w").getDouble(0, 0), 1e-9);
    assertEquals(2, adam.step());
    Adam.State s = adam.state(model);
    assertEquals(m, s.firstMoment().get("image.w").values()[0], 1e-6);
    assertEquals(v, s.secondMoment().get("image.w").values()[0], 1e-9);
  }
}
