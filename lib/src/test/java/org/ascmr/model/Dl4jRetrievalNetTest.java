package org.ascmr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The DL4J ComputationGraph form of the model (train.engine = dl4j-*) against RetrievalModel on the
 * same arrays: parameters round-trip exactly, the forward pass, the loss and its gradients agree,
 * the configuration survives its JSON form (how DL4J ships it to Spark workers), and fitting lowers
 * the loss.
 */
class Dl4jRetrievalNetTest {
  private static final TrainConfig TC = new TrainConfig(5e-3, 0.5, 0.999, 16, 10, 5, 1, null, 1, 1, 1);

  private static ModelSpec spec(int hidden, boolean learned, double dropout) {
    ModelConfig c = new ModelConfig(5, hidden, dropout, 2, 4, 0.4, 0.7, true, 0, 0);
    return new ModelSpec(4, 3, List.of("a", "b", "c"), c, learned);
  }

  private static float[][] wordVectors() {
    return new float[][] {{1, 0, 0.5f, 0}, {0, 1, 0, -0.5f}, {0.2f, 0.3f, 1, 0}};
  }

  @Test
  void parametersRoundTripAndForwardMatchesRetrievalModel() {
    for (int hidden : new int[] {0, 6}) {
      for (boolean learned : new boolean[] {true, false}) {
        ModelSpec spec = spec(hidden, learned, 0.3);
        LabelledData d = Tiny.data(9, 5);
        ParameterSet arrays = RetrievalModel.initialArrays(spec, 7, Tiny.stats(spec, d), learned ? null : wordVectors());
        RetrievalModel model = RetrievalModel.create(spec, arrays);
        ComputationGraph cg = Dl4jRetrievalNet.create(spec, arrays, TC);
        ParameterSet back = Dl4jRetrievalNet.trainableArrays(cg, spec);
        assertEquals(RetrievalGraph.trainable(spec), back.names());
        for (String name : back.names()) {
          assertArrayEquals(arrays.get(name).values(), back.get(name).values(), 0f, name + " (hidden " + hidden + ")");
          assertArrayEquals(arrays.get(name).shape(), back.get(name).shape(), name);
        }
        Embeddings ours = model.embed(d.image(), d.text());
        Embeddings theirs = Dl4jRetrievalNet.embed(cg, spec, d);
        for (int i = 0; i < d.rows(); i++) {
          assertArrayEquals(ours.fv()[i], theirs.fv()[i], 1e-5f, "fv row " + i);
          assertArrayEquals(ours.ft()[i], theirs.ft()[i], 1e-5f, "ft row " + i);
          assertArrayEquals(ours.logitsV()[i], theirs.logitsV()[i], 1e-5f, "logits_v row " + i);
          assertArrayEquals(ours.logitsT()[i], theirs.logitsT()[i], 1e-5f, "logits_t row " + i);
        }
      }
    }
  }

  /**
   * Without dropout, the graph's loss is RetrievalModel's, and two Adam steps of each give the same
   * weights. (DL4J M2.1's SameDiff layers scale the gradient by a constant per layer, 2 for the head
   * and 4 for the encoders on top of the per-example sum; Adam does not see a constant scale up to
   * its epsilon, which is why the steps agree. The raw gradients are not compared for that reason.)
   */
  @Test
  void lossAndAdamStepsMatchRetrievalModelWithoutDropout() {
    ModelSpec spec = spec(6, true, 0.0);
    LabelledData d = Tiny.data(8, 3);
    ParameterSet arrays = RetrievalModel.initialArrays(spec, 3, Tiny.stats(spec, d), null);
    RetrievalModel model = RetrievalModel.create(spec, arrays);
    ComputationGraph cg = Dl4jRetrievalNet.create(spec, arrays, TC);
    float[][] ones = new float[8][5];
    for (float[] r : ones) java.util.Arrays.fill(r, 1f);
    MultiDataSet mds = Dl4jRetrievalNet.toMultiDataSet(spec, d);
    Adam adam = Adam.of(TC);
    for (int step = 0; step < 2; step++) {
      RetrievalModel.Step s = model.lossAndGradients(d, ones, ones);
      assertEquals(s.loss(), cg.score(mds, false), 1e-5, "loss before step " + step);
      adam.apply(model, s.gradients());
      cg.fit(mds);
    }
    ParameterSet ours = model.trainableArrays();
    ParameterSet theirs = Dl4jRetrievalNet.trainableArrays(cg, spec);
    for (String name : ours.names()) {
      assertArrayEquals(ours.get(name).values(), theirs.get(name).values(), 2e-5f, "after two steps: " + name);
    }
  }

  @Test
  void configurationSurvivesJsonAndFittingLowersTheLoss() {
    ModelSpec spec = spec(0, true, 0.2);
    LabelledData d = Tiny.data(32, 9);
    ParameterSet arrays = RetrievalModel.initialArrays(spec, 2, Tiny.stats(spec, d), null);
    ComputationGraphConfiguration conf = Dl4jRetrievalNet.configuration(spec, arrays, TC);
    assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    ComputationGraph cg = Dl4jRetrievalNet.create(spec, arrays, TC);
    MultiDataSet mds = Dl4jRetrievalNet.toMultiDataSet(spec, d);
    double before = cg.score(mds, false);
    Dl4jRetrievalNet.quietly(() -> {
      for (int i = 0; i < 60; i++) cg.fit(mds);
    });
    double after = cg.score(mds, false);
    assertTrue(after < before - 0.05, "loss " + before + " -> " + after);
    // The trained weights load into a RetrievalModel and give the graph's outputs.
    RetrievalModel model = RetrievalModel.create(spec, arrays);
    model.setArrays(Dl4jRetrievalNet.trainableArrays(cg, spec));
    Embeddings ours = model.embed(d.image(), d.text());
    Embeddings theirs = Dl4jRetrievalNet.embed(cg, spec, d);
    for (int i = 0; i < d.rows(); i++) assertArrayEquals(ours.logitsV()[i], theirs.logitsV()[i], 1e-5f);
  }
}
