package org.ascmr.allocate;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.error.ConfigException;

/**
 * Settings of {@code ascmr allocate}: the density-aware budget allocation of method.md §6. The
 * budget itself is a command-line option ({@code --budget}), not a setting. Defaults are
 * provisional, to be tuned on the val split (never test).
 *
 * <p>gamma is a separate term of J (method.md §6) and is not scaled by lambda, so "lambda = 0
 * is plain top-b" (the "without density" ablation) holds only with gamma = 0: its default is 0
 * and {@link #plainTopBWarning} says so when a run sets lambda = 0 with gamma > 0. kappa, in
 * the cluster solver, is relative to lambda and vanishes with it.
 */
public record AllocateConfig(Solver solver, Objective objective, double lambda, double gamma, double kappa,
    int clusters, double eta, int sampleSize, int kmeansIterations, long seed, Weighting weights,
    double recentreQuantile) {

  public static final Setting<Solver> SOLVER = Setting.ofEnum("allocate.solver", Solver.class, Solver.GREEDY,
      "greedy = lazy greedy on the kNN graph; cluster = cluster allocation by heap merge");
  public static final Setting<Objective> OBJECTIVE = Setting.ofEnum("allocate.objective", Objective.class,
      Objective.INFORMATIVENESS, "per-pick value: informativeness I (the method) or density rho (the density-only"
          + " ablation)");
  public static final Setting<Double> LAMBDA = Setting.ofDouble("allocate.lambda", 0.2,
      "weight of the selection's semantic density (0 = plain top-b by informativeness)", Check.atLeast(0.0));
  public static final Setting<Double> GAMMA = Setting.ofDouble("allocate.gamma", 0.0,
      "greedy: weight of a candidate's similarity to labelled kNN neighbours (not scaled by lambda)",
      Check.atLeast(0.0));
  public static final Setting<Double> KAPPA = Setting.ofDouble("allocate.kappa", 0.25,
      "cluster: labelled members count as kappa picks already made in their cluster", Check.atLeast(0.0));
  public static final Setting<Integer> CLUSTERS = Setting.ofInt("allocate.clusters", 0,
      "cluster: k-means clusters M on u; 0 = reuse the density table's coarse clusters", Check.atLeast(0));
  public static final Setting<Double> ETA = Setting.ofDouble("allocate.eta", 0.0,
      "cluster: cap picks per cluster at max(1, ceil(eta b n_c / N)); 0 = no cap, else >= 1",
      new Check<>(v -> !Double.isNaN(v) && (v == 0.0 || v >= 1.0), "0 or >= 1"));
  public static final Setting<Integer> SAMPLE_SIZE = Setting.ofInt("allocate.sampleSize", 50_000,
      "cluster with allocate.clusters > 0: rows in the seeded k-means sample", Check.atLeast(1));
  public static final Setting<Integer> KMEANS_ITERATIONS = Setting.ofInt("allocate.kmeansIterations", 20,
      "cluster with allocate.clusters > 0: k-means iterations", Check.atLeast(1));
  public static final Setting<Long> SEED = Setting.ofLong("allocate.seed", 0L,
      "seed of the k-means sample and k-means (allocate.clusters > 0)", Check.atLeastLong(Long.MIN_VALUE));

  public static final Setting<Weighting> WEIGHTS = Setting.ofEnum("allocate.weights", Weighting.class, Weighting.RAW,
      "greedy: kNN weights w = max(0, s) (raw, the reconstruction) or re-centred at a quantile of random-pair"
          + " similarity (recentred)");
  public static final Setting<Double> RECENTRE_QUANTILE = Setting.ofDouble("allocate.recentreQuantile", 0.99,
      "allocate.weights = recentred: the quantile of random-pair similarity that maps to weight 0",
      new Check<>(v -> v >= 0 && v < 1, "in [0, 1)"));

  public static final List<Setting<?>> SETTINGS = List.of(SOLVER, OBJECTIVE, LAMBDA, GAMMA, KAPPA, CLUSTERS, ETA, SAMPLE_SIZE,
      KMEANS_ITERATIONS, SEED, WEIGHTS, RECENTRE_QUANTILE);

  /** Fixed part of the error for a budget larger than the candidate set (tests assert it). */
  public static final String BUDGET_EXCEEDS_CANDIDATES = "exceeds the number of unlabelled candidates";

  public AllocateConfig {
    SOLVER.check(solver);
    OBJECTIVE.check(objective);
    LAMBDA.check(lambda);
    GAMMA.check(gamma);
    KAPPA.check(kappa);
    CLUSTERS.check(clusters);
    ETA.check(eta);
    SAMPLE_SIZE.check(sampleSize);
    KMEANS_ITERATIONS.check(kmeansIterations);
    WEIGHTS.check(weights);
    RECENTRE_QUANTILE.check(recentreQuantile);
    if (weights == Weighting.RECENTRED && solver != Solver.GREEDY) {
      // The cluster solver works on per-cluster sums the density stage already reduced; re-centring
      // needs the edge weights themselves, which only the greedy solver collects.
      throw new ConfigException(WEIGHTS.key(), "recentred needs allocate.solver = greedy");
    }
  }

  public static AllocateConfig from(ConfigSource src) {
    return new AllocateConfig(src.get(SOLVER), src.get(OBJECTIVE), src.get(LAMBDA), src.get(GAMMA), src.get(KAPPA),
        src.get(CLUSTERS),
        src.get(ETA), src.get(SAMPLE_SIZE), src.get(KMEANS_ITERATIONS), src.get(SEED), src.get(WEIGHTS),
        src.get(RECENTRE_QUANTILE));
  }

  public static AllocateConfig defaults() {
    return from(ConfigSource.empty());
  }

  /** Checks the budget against the number of unlabelled candidates, before any work. */
  public static void validateBudget(long budget, long candidates) {
    if (budget < 1) throw new ConfigException("--budget", "must be >= 1, was " + budget);
    if (budget > candidates) {
      throw new ConfigException("--budget", budget + " " + BUDGET_EXCEEDS_CANDIDATES + " (" + candidates + ")");
    }
  }

  /** A warning for lambda = 0 with gamma > 0 under the greedy solver (not top-b), else null. */
  public String plainTopBWarning() {
    if (solver == Solver.GREEDY && lambda == 0 && gamma > 0) {
      return "allocate.lambda = 0 but allocate.gamma = " + gamma + ": the greedy still penalises similarity to"
          + " labelled pairs, so this is not plain top-b (set allocate.gamma = 0 for the 'without density' ablation)";
    }
    return null;
  }

  public AllocateConfig with(Solver s, double newLambda) {
    return new AllocateConfig(s, objective, newLambda, gamma, kappa, clusters, eta, sampleSize, kmeansIterations, seed,
        weights, recentreQuantile);
  }
}
