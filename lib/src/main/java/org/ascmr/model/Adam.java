package org.ascmr.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba) over a model's trainable arrays, applied with libnd4j's fused
 * adam_updater op (one native call per array). The state (first and second moments, step count)
 * is plain data, so data-parallel training can average it across workers and a checkpoint can
 * save it: {@link #state} / {@link #restore}.
 *
 * <p>Update at step t (0-based): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * w -= lr sqrt(1-b2^(t+1)) / (1-b1^(t+1)) * m / (sqrt(v) + eps).
 */
public final class Adam {
  public static final double EPSILON = 1e-8;
  public static final String FIRST_MOMENT = "m";
  public static final String SECOND_MOMENT = "v";

  private final double lr;
  private final double beta1;
  private final double beta2;
  private final Map<String, INDArray> m = new LinkedHashMap<>();
  private final Map<String, INDArray> v = new LinkedHashMap<>();
  private long step;

  public Adam(double lr, double beta1, double beta2) {
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
  }

  public static Adam of(TrainConfig c) {
    return new Adam(c.lr(), c.beta1(), c.beta2());
  }

  /** Steps taken so far. */
  public long step() {
    return step;
  }

  /** Applies one update of {@code model}'s trainable arrays from {@code gradients} (consumed). */
  public void apply(RetrievalModel model, Map<String, INDArray> gradients) {
    for (String name : model.trainable()) {
      INDArray g = gradients.get(name);
      if (g == null) throw new IllegalStateException("no gradient for " + name);
      INDArray w = model.array(name);
      INDArray mm = m.computeIfAbsent(name, k -> Nd4j.zeros(w.dataType(), w.shape()));
      INDArray vv = v.computeIfAbsent(name, k -> Nd4j.zeros(w.dataType(), w.shape()));
      // In place: g becomes the update, mm and vv the new moments.
      Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(g, vv, mm, lr, beta1, beta2, EPSILON,
          Math.toIntExact(step)));
      w.subi(g);
    }
    step++;
  }

  /** The moments as parameter sets (zeros for arrays not updated yet) and the step count. */
  public State state(RetrievalModel model) {
    ParameterSet first = new ParameterSet();
    ParameterSet second = new ParameterSet();
    for (String name : model.trainable()) {
      INDArray w = model.array(name);
      INDArray mm = m.get(name);
      INDArray vv = v.get(name);
      first.put(name, w.shape(), mm == null ? new float[(int) w.length()] : RetrievalModel.toFloats(mm));
      second.put(name, w.shape(), vv == null ? new float[(int) w.length()] : RetrievalModel.toFloats(vv));
    }
    return new State(first, second, step);
  }

  /** Continues from a saved (or averaged) state. */
  public void restore(State s, RetrievalModel model) {
    m.clear();
    v.clear();
    for (String name : model.trainable()) {
      ParameterSet.Entry a = s.firstMoment().get(name);
      ParameterSet.Entry b = s.secondMoment().get(name);
      if (a == null || b == null) throw new IllegalArgumentException("Adam state lacks " + name);
      m.put(name, Nd4j.create(a.values(), a.shape(), org.nd4j.linalg.api.buffer.DataType.FLOAT)
          .castTo(model.dataType()));
      v.put(name, Nd4j.create(b.values(), b.shape(), org.nd4j.linalg.api.buffer.DataType.FLOAT)
          .castTo(model.dataType()));
    }
    step = s.step();
  }

  /** Adam's state: moments by trainable array name, and the number of steps taken. */
  public record State(ParameterSet firstMoment, ParameterSet secondMoment, long step) {
    /**
     * The rows-weighted mean of workers' states. The moments average like the weights
     * (DL4J's parameter averaging does the same by default); the step count becomes the
     * weighted mean of the workers' counts, rounded, which keeps bias correction consistent
     * with the number of updates each averaged model has seen.
     */
    public static State weightedMean(List<State> states, double[] weights) {
      double total = 0;
      double steps = 0;
      for (int i = 0; i < states.size(); i++) {
        total += weights[i];
        steps += weights[i] * states.get(i).step();
      }
      return new State(
          ParameterSet.weightedMean(states.stream().map(State::firstMoment).toList(), weights),
          ParameterSet.weightedMean(states.stream().map(State::secondMoment).toList(), weights),
          Math.round(steps / total));
    }
  }
}
