package org.ascmr.allocate;

import java.util.List;

/**
 * A solver's answer: the picks in order and the objective they reach (the sum of the marginal
 * gains, i.e. J(S) for the greedy solver and the separable cluster objective for the cluster one).
 */
public record Allocation(List<Pick> picks, double objective) {
  public Allocation {
    picks = List.copyOf(picks);
  }

  public List<String> ids() {
    return picks.stream().map(Pick::id).toList();
  }
}
