package org.ascmr.config;

import java.util.function.Predicate;

/** A validity rule for one setting's value, with the words that explain it in an error. */
public record Check<T>(Predicate<T> test, String expectation) {

  public static <T> Check<T> any() {
    return new Check<>(v -> true, "any value");
  }

  public static Check<Integer> atLeast(int min) {
    return new Check<>(v -> v >= min, ">= " + min);
  }

  public static Check<Integer> between(int min, int max) {
    return new Check<>(v -> v >= min && v <= max, "in [" + min + ", " + max + "]");
  }

  public static Check<Long> atLeastLong(long min) {
    return new Check<>(v -> v >= min, ">= " + min);
  }

  public static Check<Double> atLeast(double min) {
    return new Check<>(v -> !Double.isNaN(v) && v >= min, ">= " + min);
  }

  public static Check<Double> positive() {
    return new Check<>(v -> !Double.isNaN(v) && v > 0, "> 0");
  }

  public static Check<Double> between(double min, double max) {
    return new Check<>(v -> !Double.isNaN(v) && v >= min && v <= max, "in [" + min + ", " + max + "]");
  }

  /** Fractions that must leave something on both sides: (0, 1). */
  public static Check<Double> openUnit() {
    return new Check<>(v -> !Double.isNaN(v) && v > 0 && v < 1, "in (0, 1)");
  }

  public static Check<String> nonEmpty() {
    return new Check<>(v -> v != null && !v.isBlank(), "a non-empty string");
  }
}
