package org.ascmr.allocate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ascmr.config.ConfigSource;
import org.ascmr.error.ConfigException;
import org.junit.jupiter.api.Test;

class AllocateConfigTest {

  @Test
  void defaultsMatchDocs() {
    AllocateConfig c = AllocateConfig.defaults();
    assertEquals(Solver.GREEDY, c.solver());
    assertEquals(Objective.INFORMATIVENESS, c.objective());
    assertEquals(0.2, c.lambda());
    assertEquals(0.0, c.gamma());
    assertEquals(null, c.plainTopBWarning());
    assertEquals(0.25, c.kappa());
    assertEquals(0, c.clusters());
    assertEquals(0.0, c.eta());
    assertEquals(Weighting.RAW, c.weights());
    assertEquals(0.99, c.recentreQuantile());
    assertEquals(12, AllocateConfig.SETTINGS.size());
  }

  @Test
  void rejectsNegativeLambda() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> AllocateConfig.from(ConfigSource.parse("allocate.lambda = -0.5")));
    assertEquals("config allocate.lambda: must be >= 0.0, was -0.5", e.getMessage());
  }

  @Test
  void rejectsEtaBelowOneAndUnknownSolver() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> AllocateConfig.from(ConfigSource.parse("allocate.eta = 0.5")));
    assertTrue(e.getMessage().contains("0 or >= 1"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> AllocateConfig.from(ConfigSource.parse("allocate.solver = best")));
    assertTrue(e.getMessage().contains("[greedy, cluster]"), e.getMessage());
    assertEquals(Solver.CLUSTER, AllocateConfig.from(ConfigSource.parse("allocate.solver = cluster")).solver());
  }

  @Test
  void warnsWhenLambdaZeroIsNotTopB() {
    AllocateConfig c = AllocateConfig.from(ConfigSource.parse("allocate.lambda = 0\nallocate.gamma = 0.1"));
    assertTrue(c.plainTopBWarning().contains("not plain top-b"), c.plainTopBWarning());
    assertEquals(null, c.with(Solver.CLUSTER, 0).plainTopBWarning()); // kappa is relative to lambda
  }

  @Test
  void rejectsBudgetOutsideCandidates() {
    ConfigException e = assertThrows(ConfigException.class, () -> AllocateConfig.validateBudget(11, 10));
    assertTrue(e.getMessage().contains(AllocateConfig.BUDGET_EXCEEDS_CANDIDATES), e.getMessage());
    assertTrue(e.getMessage().startsWith("config --budget: 11 "), e.getMessage());
    e = assertThrows(ConfigException.class, () -> AllocateConfig.validateBudget(0, 10));
    assertEquals("config --budget: must be >= 1, was 0", e.getMessage());
  }
}
