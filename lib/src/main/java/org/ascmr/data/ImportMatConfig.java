package org.ascmr.data;

import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;

/**
 * Settings of {@code ascmr import-mat}: how the val split is carved out of the benchmark's train
 * split (the benchmark has none; method.md §1 needs one for model selection).
 *
 * @param valFraction fraction of the train rows moved to val ({@link SeededSplit})
 * @param seed        seed of that pick
 */
public record ImportMatConfig(double valFraction, long seed) {
  public static final Setting<Double> VAL_FRACTION = Setting.ofDouble("importMat.valFraction", 0.1,
      "fraction of the given train rows carved out as the val split (seeded, by id)", Check.between(0.0, 0.9));
  public static final Setting<Long> SEED = Setting.ofLong("importMat.seed", 0L,
      "seed of the val pick", Check.atLeastLong(Long.MIN_VALUE));

  public static final List<Setting<?>> SETTINGS = List.of(VAL_FRACTION, SEED);

  public ImportMatConfig {
    VAL_FRACTION.check(valFraction);
  }

  public static ImportMatConfig from(ConfigSource src) {
    return new ImportMatConfig(src.get(VAL_FRACTION), src.get(SEED));
  }

  public static ImportMatConfig defaults() {
    return from(ConfigSource.empty());
  }
}
