package org.ascmr.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ascmr.io.Json;

/**
 * The experiment's summary.json: the full-supervision ceiling and, per strategy, the numbers of
 * {@link CurveSummary} aggregated over seeds. Shape (issue 6; more fields than these):
 * <pre>
 * {"ceiling": {"mean": .., "sd": .., "i2t": .., "t2i": .., "seeds": n, "per_seed": {"1": ..}},
 *  "strategies": {"random": {"auc": .., "auc_sd": .., "fraction_to_95": .., "fraction_to_97": ..,
 *                 "final_mean": .., "final_mean_sd": .., "vs_random": {paired AUC comparison} | null,
 *                 "curve": [{"round", "fraction", "mean", "sd", "seeds"}], ...}, ...},
 *  "baseline": "random"}
 * </pre>
 * Definitions:
 * <ul>
 *   <li>auc: per seed, {@link CurveSummary#normalisedAuc} of test mean mAP over that seed's
 *       rounds (a mean mAP over the labelled-fraction range); then mean and sd over seeds;</li>
 *   <li>fraction_to_95 / _97: on the seed-mean curve (rounds that every seed completed), the
 *       fraction of the first round whose mean reaches 95% / 97% of the mean ceiling, as observed,
 *       no interpolation; null if never (or no ceiling). The per-seed values (against each seed's
 *       own ceiling) are in fraction_to_95_per_seed;</li>
 *   <li>final_mean: test mean mAP of each seed's last round, mean and sd over seeds;</li>
 *   <li>vs_random: AUC minus random's AUC paired by seed (both curves cut to the rounds both
 *       completed): mean difference, sd, wins/losses/ties, paired t, exact sign-test p;</li>
 *   <li>fraction_to_match_random: on the seed-mean curve, the fraction of the first round whose
 *       mean reaches random's final seed-mean test mAP (the "labels to match random" figure: half
 *       of random's final fraction = half the labels); null if never or no random run;</li>
 *   <li>val_auc, val_vs_random: the same AUC and paired comparison on the val mean mAP curve, for
 *       choosing settings without looking at test.</li>
 * </ul>
 */
public record ExperimentSummary(Ceiling ceiling, Map<String, Strategy> strategies, String baseline) {
  public static final String BASELINE = "random";
  public static final double SHARE_95 = 0.95;
  public static final double SHARE_97 = 0.97;

  /** The fully supervised model's test mAP over seeds. */
  public record Ceiling(double mean, Double sd, double i2t, double t2i, int seeds,
      @JsonProperty("per_seed") Map<String, Double> perSeed) {}

  /** One round of the seed-mean curve. */
  public record CurvePoint(int round, double fraction, double mean, Double sd, int seeds) {}

  /** One strategy aggregated over its seeds. */
  public record Strategy(
      int seeds,
      double auc,
      @JsonProperty("auc_sd") Double aucSd,
      @JsonProperty("fraction_to_95") Double fractionTo95,
      @JsonProperty("fraction_to_97") Double fractionTo97,
      @JsonProperty("fraction_to_95_per_seed") List<Double> fractionTo95PerSeed,
      @JsonProperty("fraction_to_97_per_seed") List<Double> fractionTo97PerSeed,
      @JsonProperty("final_mean") double finalMean,
      @JsonProperty("final_mean_sd") Double finalMeanSd,
      @JsonProperty("final_fraction") double finalFraction,
      @JsonProperty("vs_random") CurveSummary.Paired vsRandom,
      @JsonProperty("fraction_to_match_random") Double fractionToMatchRandom,
      @JsonProperty("val_auc") Double valAuc,
      @JsonProperty("val_vs_random") CurveSummary.Paired valVsRandom,
      List<CurvePoint> curve,
      @JsonProperty("seconds_per_round") Map<String, Double> secondsPerRound) {}

  /** Summarises every strategy in {@code results}; ceiling rows (strategy "ceiling") give the ceiling. */
  public static ExperimentSummary of(List<RoundResult> results) {
    Map<Long, Double> ceilingBySeed = new TreeMap<>();
    Map<Long, RoundResult> ceilingRows = new TreeMap<>();
    Map<String, Map<Long, List<RoundResult>>> runs = new TreeMap<>();
    for (RoundResult r : results) {
      if (r.isCeiling()) {
        if (ceilingRows.put(r.seed(), r) != null) {
          throw new IllegalArgumentException("two ceiling rows for seed " + r.seed());
        }
        ceilingBySeed.put(r.seed(), r.testMean());
      } else {
        runs.computeIfAbsent(r.strategy(), k -> new TreeMap<>()).computeIfAbsent(r.seed(), k -> new ArrayList<>()).add(r);
      }
    }
    for (Map<Long, List<RoundResult>> bySeed : runs.values()) {
      for (List<RoundResult> rounds : bySeed.values()) {
        rounds.sort(Comparator.comparingInt(RoundResult::round));
        for (int i = 1; i < rounds.size(); i++) {
          if (rounds.get(i).round() == rounds.get(i - 1).round()) {
            RoundResult r = rounds.get(i);
            throw new IllegalArgumentException("round " + r.round() + " of " + r.strategy() + " seed " + r.seed()
                + " recorded twice");
          }
        }
      }
    }
    Ceiling ceiling = ceiling(ceilingRows);
    Map<String, Strategy> out = new TreeMap<>();
    Map<Long, List<RoundResult>> random = runs.get(BASELINE);
    Double randomFinal = random == null ? null : seedMeanFinal(random);
    for (Map.Entry<String, Map<Long, List<RoundResult>>> e : runs.entrySet()) {
      out.put(e.getKey(), strategy(e.getValue(), ceilingBySeed, ceiling,
          e.getKey().equals(BASELINE) ? null : random, randomFinal));
    }
    return new ExperimentSummary(ceiling, out, BASELINE);
  }

  private static Ceiling ceiling(Map<Long, RoundResult> rows) {
    if (rows.isEmpty()) return null;
    double[] mean = new double[rows.size()];
    double i2t = 0;
    double t2i = 0;
    Map<String, Double> perSeed = new LinkedHashMap<>();
    int i = 0;
    for (RoundResult r : rows.values()) {
      mean[i++] = r.testMean();
      i2t += r.testI2t();
      t2i += r.testT2i();
      perSeed.put(Long.toString(r.seed()), r.testMean());
    }
    CurveSummary.Stats s = CurveSummary.stats(mean);
    return new Ceiling(s.mean(), s.sd(), i2t / rows.size(), t2i / rows.size(), rows.size(), perSeed);
  }

  private static Strategy strategy(Map<Long, List<RoundResult>> bySeed, Map<Long, Double> ceilingBySeed,
      Ceiling ceiling, Map<Long, List<RoundResult>> baseline, Double randomFinal) {
    int seeds = bySeed.size();
    double[] auc = new double[seeds];
    double[] last = new double[seeds];
    double lastFraction = 0;
    List<Double> to95 = new ArrayList<>();
    List<Double> to97 = new ArrayList<>();
    int shortest = Integer.MAX_VALUE;
    Map<String, double[]> seconds = new TreeMap<>();
    int roundsCounted = 0;
    int i = 0;
    for (Map.Entry<Long, List<RoundResult>> e : bySeed.entrySet()) {
      List<RoundResult> rounds = e.getValue();
      double[] f = fractions(rounds, rounds.size());
      double[] m = means(rounds, rounds.size());
      auc[i] = CurveSummary.normalisedAuc(f, m);
      last[i] = m[m.length - 1];
      lastFraction += f[f.length - 1] / seeds;
      Double c = ceilingBySeed.get(e.getKey());
      to95.add(c == null ? null : CurveSummary.firstReaching(f, m, SHARE_95 * c));
      to97.add(c == null ? null : CurveSummary.firstReaching(f, m, SHARE_97 * c));
      shortest = Math.min(shortest, rounds.size());
      for (RoundResult r : rounds) {
        roundsCounted++;
        r.stageSeconds().forEach((k, v) -> seconds.computeIfAbsent(k, x -> new double[1])[0] += v);
      }
      i++;
    }
    List<CurvePoint> curve = new ArrayList<>();
    double[] cf = new double[shortest];
    double[] cm = new double[shortest];
    for (int r = 0; r < shortest; r++) {
      double[] values = new double[seeds];
      double fraction = 0;
      int j = 0;
      for (List<RoundResult> rounds : bySeed.values()) {
        values[j++] = rounds.get(r).testMean();
        fraction += rounds.get(r).fraction() / seeds;
      }
      CurveSummary.Stats s = CurveSummary.stats(values);
      curve.add(new CurvePoint(bySeed.values().iterator().next().get(r).round(), fraction, s.mean(), s.sd(), seeds));
      cf[r] = fraction;
      cm[r] = s.mean();
    }
    Double mean95 = ceiling == null ? null : CurveSummary.firstReaching(cf, cm, SHARE_95 * ceiling.mean());
    Double mean97 = ceiling == null ? null : CurveSummary.firstReaching(cf, cm, SHARE_97 * ceiling.mean());
    Double toMatch = randomFinal == null ? null : CurveSummary.firstReaching(cf, cm, randomFinal);
    CurveSummary.Stats aucStats = CurveSummary.stats(auc);
    CurveSummary.Stats lastStats = CurveSummary.stats(last);
    Map<String, Double> perRound = new TreeMap<>();
    int counted = roundsCounted;
    seconds.forEach((k, v) -> perRound.put(k, v[0] / counted));
    return new Strategy(seeds, aucStats.mean(), aucStats.sd(), mean95, mean97, to95, to97, lastStats.mean(),
        lastStats.sd(), lastFraction, baseline == null ? null : versus(bySeed, baseline, RoundResult::testMean),
        toMatch, valAuc(bySeed), baseline == null ? null : versus(bySeed, baseline, RoundResult::valMean), curve,
        perRound);
  }

  /** Random's final test mean mAP on the seed-mean curve (the last round every seed completed). */
  private static double seedMeanFinal(Map<Long, List<RoundResult>> bySeed) {
    int shortest = bySeed.values().stream().mapToInt(List::size).min().orElse(0);
    double sum = 0;
    for (List<RoundResult> rounds : bySeed.values()) sum += rounds.get(shortest - 1).testMean();
    return sum / bySeed.size();
  }

  /** Mean over seeds of the val-curve AUC; null when a round has no val score. */
  private static Double valAuc(Map<Long, List<RoundResult>> bySeed) {
    double sum = 0;
    for (List<RoundResult> rounds : bySeed.values()) {
      if (rounds.stream().anyMatch(r -> r.valMean() == null)) return null;
      sum += CurveSummary.normalisedAuc(fractions(rounds, rounds.size()), values(rounds, rounds.size(),
          RoundResult::valMean));
    }
    return sum / bySeed.size();
  }

  /** AUC of {@code runs} minus AUC of {@code baseline}, per shared seed, over the rounds both completed. */
  static CurveSummary.Paired versus(Map<Long, List<RoundResult>> runs, Map<Long, List<RoundResult>> baseline,
      java.util.function.Function<RoundResult, Double> metric) {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (Map.Entry<Long, List<RoundResult>> e : runs.entrySet()) {
      List<RoundResult> base = baseline.get(e.getKey());
      if (base == null) continue;
      int n = Math.min(e.getValue().size(), base.size());
      if (e.getValue().subList(0, n).stream().anyMatch(r -> metric.apply(r) == null)
          || base.subList(0, n).stream().anyMatch(r -> metric.apply(r) == null)) {
        return null;
      }
      a.add(CurveSummary.normalisedAuc(fractions(e.getValue(), n), values(e.getValue(), n, metric)));
      b.add(CurveSummary.normalisedAuc(fractions(base, n), values(base, n, metric)));
    }
    if (a.isEmpty()) return null;
    return CurveSummary.paired(a.stream().mapToDouble(Double::doubleValue).toArray(),
        b.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double[] fractions(List<RoundResult> rounds, int n) {
    double[] f = new double[n];
    for (int i = 0; i < n; i++) f[i] = rounds.get(i).fraction();
    return f;
  }

  private static double[] means(List<RoundResult> rounds, int n) {
    return values(rounds, n, RoundResult::testMean);
  }

  private static double[] values(List<RoundResult> rounds, int n, java.util.function.Function<RoundResult, Double> metric) {
    double[] m = new double[n];
    for (int i = 0; i < n; i++) m[i] = metric.apply(rounds.get(i));
    return m;
  }

  public String toJson() {
    return Json.pretty(this);
  }

  /** Reads a summary.json written by {@link #toJson}; {@code file} names it in errors. */
  public static ExperimentSummary read(String json, String file) {
    return Json.read(json, ExperimentSummary.class, file);
  }
}
