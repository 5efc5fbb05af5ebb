package org.ascmr.experiment;

import java.util.ArrayList;
import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.error.ConfigException;
import org.ascmr.strategy.StrategyName;

/**
 * Settings of the active-learning experiment (method.md §1): which strategies, which seeds, the
 * initial labelled fraction, the per-round budget and when to stop.
 *
 * @param strategies     strategies to compare, in report order
 * @param seeds          one run per seed and strategy; the initial labelled set depends on the seed only
 * @param initFraction   |L0| / |pool|
 * @param budgetFraction b / |pool| per round
 * @param maxFraction    stop once |L| / |pool| reaches this
 * @param maxRounds      hard cap on selection rounds (0 = no cap)
 * @param warmStart      train each round from the previous round's model
 * @param ceiling        also train on the whole labelled pool once per seed (the 95% denominator)
 * @param baldPasses     MC-dropout passes of the BALD baseline
 * @param candidateCap   driver-side baselines (core-set, BADGE) work on at most this many
 *                       candidates, a seeded sample of U (0 = all)
 */
public record ExperimentConfig(
    List<StrategyName> strategies,
    List<Long> seeds,
    double initFraction,
    double budgetFraction,
    double maxFraction,
    int maxRounds,
    boolean warmStart,
    boolean ceiling,
    int baldPasses,
    int candidateCap) {

  public static final Setting<List<String>> STRATEGIES = Setting.ofStringList("experiment.strategies",
      java.util.Arrays.stream(StrategyName.values()).map(StrategyName::id).toList(),
      "strategies to compare (random, entropy, bald, coreset, badge, intermodal, ascmr, ascmr-start, ascmr-paper, "
          + "ascmr-nodensity, density-only)",
      new Check<>(l -> !l.isEmpty() && l.stream().allMatch(s -> StrategyName.parse(s) != null),
          "a non-empty list of strategy names"));
  public static final Setting<List<String>> SEEDS = Setting.ofStringList("experiment.seeds", List.of("1", "2", "3"),
      "seeds; each gives its own initial labelled set, shared by all strategies",
      new Check<>(l -> !l.isEmpty() && l.stream().allMatch(s -> s.matches("-?\\d+")), "a non-empty list of integers"));
  public static final Setting<Double> INIT_FRACTION = Setting.ofDouble("experiment.initFraction", 0.02,
      "initial labelled fraction of the pool (seeded random)", Check.openUnit());
  public static final Setting<Double> BUDGET_FRACTION = Setting.ofDouble("experiment.budgetFraction", 0.02,
      "pairs selected per round, as a fraction of the pool", Check.openUnit());
  public static final Setting<Double> MAX_FRACTION = Setting.ofDouble("experiment.maxFraction", 0.30,
      "stop once this fraction of the pool is labelled", Check.between(0.0, 1.0));
  public static final Setting<Integer> MAX_ROUNDS = Setting.ofInt("experiment.maxRounds", 0,
      "cap on selection rounds; 0 = until maxFraction", Check.atLeast(0));
  public static final Setting<Boolean> WARM_START = Setting.ofBoolean("experiment.warmStart", true,
      "train each round from the previous round's model");
  public static final Setting<Boolean> CEILING = Setting.ofBoolean("experiment.ceiling", true,
      "train the full-supervision ceiling once per seed");
  public static final Setting<Integer> BALD_PASSES = Setting.ofInt("experiment.baldPasses", 10,
      "MC-dropout passes of the BALD baseline", Check.atLeast(2));
  public static final Setting<Integer> CANDIDATE_CAP = Setting.ofInt("experiment.candidateCap", 20000,
      "core-set/BADGE run on the driver over at most this many candidates (seeded sample of U); 0 = all",
      Check.atLeast(0));

  public static final List<Setting<?>> SETTINGS = List.of(STRATEGIES, SEEDS, INIT_FRACTION, BUDGET_FRACTION,
      MAX_FRACTION, MAX_ROUNDS, WARM_START, CEILING, BALD_PASSES, CANDIDATE_CAP);

  public ExperimentConfig {
    strategies = List.copyOf(strategies);
    seeds = List.copyOf(seeds);
    if (strategies.stream().distinct().count() != strategies.size()) {
      throw new ConfigException(STRATEGIES.key(), "lists a strategy twice: " + strategies);
    }
    if (seeds.stream().distinct().count() != seeds.size()) {
      throw new ConfigException(SEEDS.key(), "lists a seed twice: " + seeds);
    }
    INIT_FRACTION.check(initFraction);
    BUDGET_FRACTION.check(budgetFraction);
    MAX_FRACTION.check(maxFraction);
    if (maxFraction < initFraction) {
      throw new ConfigException(MAX_FRACTION.key(), "must be >= experiment.initFraction (" + initFraction
          + "), was " + maxFraction);
    }
  }

  public static ExperimentConfig from(ConfigSource src) {
    List<StrategyName> names = new ArrayList<>();
    for (String s : src.get(STRATEGIES)) names.add(StrategyName.parse(s));
    List<Long> seeds = src.get(SEEDS).stream().map(String::trim).map(Long::parseLong).toList();
    return new ExperimentConfig(names, seeds, src.get(INIT_FRACTION), src.get(BUDGET_FRACTION), src.get(MAX_FRACTION),
        src.get(MAX_ROUNDS), src.get(WARM_START), src.get(CEILING), src.get(BALD_PASSES), src.get(CANDIDATE_CAP));
  }

  public static ExperimentConfig defaults() {
    return from(ConfigSource.empty());
  }

  /** Initial labelled count for a pool of {@code poolSize} train pairs (at least one). */
  public int initCount(long poolSize) {
    return (int) Math.max(1, Math.round(initFraction * poolSize));
  }

  /** Pairs selected per round (at least one). */
  public int budget(long poolSize) {
    return (int) Math.max(1, Math.round(budgetFraction * poolSize));
  }

  /** Number of selection rounds: until maxFraction is reached, capped by maxRounds. */
  public int rounds(long poolSize) {
    int init = initCount(poolSize);
    int b = budget(poolSize);
    long target = Math.round(maxFraction * poolSize);
    int r = (int) Math.max(0, (long) Math.ceil((double) (Math.min(target, poolSize) - init) / b));
    r = (int) Math.min(r, (poolSize - init) / b);
    return maxRounds > 0 ? Math.min(r, maxRounds) : r;
  }
}
