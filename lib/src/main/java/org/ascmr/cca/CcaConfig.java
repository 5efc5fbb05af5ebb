package org.ascmr.cca;

import java.util.ArrayList;
import java.util.List;
import org.ascmr.config.Check;
import org.ascmr.config.ConfigSource;
import org.ascmr.config.Setting;
import org.ascmr.error.ConfigException;

/**
 * Settings of the linear CCA baseline ({@link LinearCca}). Both keys take one value or a list of
 * candidates; with more than one candidate the evaluation fits every ridge, keeps every dimension
 * count, and picks the combination with the best mean mAP on the val split (never test). The
 * first best in list order wins a tie, so list the simpler choices (fewer dims, more ridge) first
 * if you prefer them.
 *
 * @param dims  candidate dimensions of the common space (>= 1; capped at the number of canonical
 *              pairs the data supports, at most min(imageDim, textDim))
 * @param ridge candidate ridge values, each relative to the modality's mean feature variance:
 *              C + ridge * trace(C)/d * I (>= 0; 0 = plain CCA, null directions are dropped)
 */
public record CcaConfig(List<Integer> dims, List<Double> ridge) {
  private static final Check<List<String>> DIMS_CHECK = new Check<>(
      l -> !l.isEmpty() && l.stream().allMatch(s -> parseInt(s) != null && parseInt(s) >= 1),
      "a non-empty list of integers >= 1");
  private static final Check<List<String>> RIDGE_CHECK = new Check<>(
      l -> !l.isEmpty() && l.stream().allMatch(s -> parseDouble(s) != null && parseDouble(s) >= 0),
      "a non-empty list of finite numbers >= 0");

  public static final Setting<List<String>> DIMS = Setting.ofStringList("cca.dims",
      List.of("4", "8", "16", "32", "64", "128"),
      "CCA common-space dimensions; several = candidates chosen by val mean mAP", DIMS_CHECK);
  public static final Setting<List<String>> RIDGE = Setting.ofStringList("cca.ridge",
      List.of("1e-3", "1e-2", "1e-1", "1", "10", "100", "1000"),
      "CCA ridge relative to the mean feature variance; several = candidates chosen by val mean mAP", RIDGE_CHECK);

  public static final List<Setting<?>> SETTINGS = List.of(DIMS, RIDGE);

  public CcaConfig {
    if (dims == null || dims.isEmpty()) throw new ConfigException(DIMS.key(), "must list at least one value");
    if (ridge == null || ridge.isEmpty()) throw new ConfigException(RIDGE.key(), "must list at least one value");
    for (Integer d : dims) {
      if (d == null || d < 1) throw new ConfigException(DIMS.key(), "values must be >= 1, was " + d);
    }
    for (Double r : ridge) {
      if (r == null || !Double.isFinite(r) || r < 0) {
        throw new ConfigException(RIDGE.key(), "values must be finite and >= 0, was " + r);
      }
    }
    dims = List.copyOf(dims);
    ridge = List.copyOf(ridge);
  }

  public static CcaConfig defaults() {
    return from(ConfigSource.empty());
  }

  /** One fixed setting: no selection on val. */
  public static CcaConfig single(int dims, double ridge) {
    return new CcaConfig(List.of(dims), List.of(ridge));
  }

  public static CcaConfig from(ConfigSource src) {
    List<Integer> d = new ArrayList<>();
    for (String s : src.get(DIMS)) d.add(parseInt(s));
    List<Double> r = new ArrayList<>();
    for (String s : src.get(RIDGE)) r.add(parseDouble(s));
    return new CcaConfig(d, r);
  }

  /** More than one candidate: the choice needs val rows. */
  public boolean selects() {
    return dims.size() > 1 || ridge.size() > 1;
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double parseDouble(String s) {
    try {
      double v = Double.parseDouble(s.trim());
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
