package org.ascmr.allocate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Plain top-b by informativeness, ties by id: what both solvers reduce to at lambda = 0. */
public final class TopB {
  private TopB() {}

  public static Allocation select(String[] ids, double[] informativeness, int budget) {
    AllocateConfig.validateBudget(budget, ids.length);
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(informativeness[b], informativeness[a]);
      return c != 0 ? c : ids[a].compareTo(ids[b]);
    });
    List<Pick> picks = new ArrayList<>(budget);
    double objective = 0;
    for (int r = 0; r < budget; r++) {
      int i = order[r];
      picks.add(new Pick(ids[i], informativeness[i], Double.NaN, informativeness[i], -1));
      objective += informativeness[i];
    }
    return new Allocation(picks, objective);
  }
}
