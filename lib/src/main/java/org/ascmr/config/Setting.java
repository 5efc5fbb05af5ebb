package org.ascmr.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.ascmr.error.ConfigException;

/**
 * One configuration key declared once: full key, type, default, meaning and validity check. The
 * config records, the CLI's help ({@code ascmr config}), and the saved metadata all read from
 * here, so a key cannot be documented in one place and checked in another.
 *
 * @param <T> Java type of the value
 */
public final class Setting<T> {
  private final String key;
  private final SettingType type;
  private final Class<T> javaType;
  private final T defaultValue;
  private final String description;
  private final Check<T> check;

  private Setting(String key, SettingType type, Class<T> javaType, T defaultValue, String description,
      Check<T> check) {
    this.key = Objects.requireNonNull(key);
    this.type = type;
    this.javaType = javaType;
    this.defaultValue = defaultValue;
    this.description = description;
    this.check = check;
    if (defaultValue != null) check(defaultValue);
  }

  public static Setting<Integer> ofInt(String key, int def, String description, Check<Integer> check) {
    return new Setting<>(key, SettingType.INT, Integer.class, def, description, check);
  }

  public static Setting<Long> ofLong(String key, long def, String description, Check<Long> check) {
    return new Setting<>(key, SettingType.LONG, Long.class, def, description, check);
  }

  public static Setting<Double> ofDouble(String key, double def, String description, Check<Double> check) {
    return new Setting<>(key, SettingType.DOUBLE, Double.class, def, description, check);
  }

  public static Setting<Boolean> ofBoolean(String key, boolean def, String description) {
    return new Setting<>(key, SettingType.BOOLEAN, Boolean.class, def, description, Check.any());
  }

  /** A string setting; a null default means "not set" (an optional path, say). */
  public static Setting<String> ofString(String key, String def, String description, Check<String> check) {
    return new Setting<>(key, SettingType.STRING, String.class, def, description, check);
  }

  public static Setting<String> ofOptionalString(String key, String description) {
    return new Setting<>(key, SettingType.STRING, String.class, null, description, Check.any());
  }

  @SuppressWarnings("unchecked")
  public static Setting<List<String>> ofStringList(String key, List<String> def, String description,
      Check<List<String>> check) {
    return new Setting<>(key, SettingType.STRING_LIST, (Class<List<String>>) (Class<?>) List.class,
        List.copyOf(def), description, check);
  }

  /** Enum settings are written in config files in lower case with '-' for '_' (e.g. "top-b"). */
  public static <E extends Enum<E>> Setting<E> ofEnum(String key, Class<E> type, E def, String description) {
    return new Setting<>(key, SettingType.ENUM, type, def, description, Check.any());
  }

  /** Checks a value against this setting's rule; returns it, or throws naming the key. */
  public T check(T value) {
    if (value == null) {
      if (defaultValue == null) return null;
      throw new ConfigException(key, "must be set (" + check.expectation() + ")");
    }
    if (!check.test().test(value)) {
      throw new ConfigException(key, "must be " + check.expectation() + ", was " + render(value));
    }
    return value;
  }

  /** Parses the config-file spelling of an enum constant, naming the allowed spellings if wrong. */
  public T parseEnum(String text) {
    for (T constant : javaType.getEnumConstants()) {
      if (enumName((Enum<?>) constant).equals(text.trim().toLowerCase(Locale.ROOT))) return constant;
    }
    throw new ConfigException(key, "must be one of " + allowedValues() + ", was '" + text + "'");
  }

  /** The spellings allowed for an enum setting, in declaration order; empty for other types. */
  public List<String> allowedValues() {
    if (type != SettingType.ENUM) return List.of();
    List<String> out = new ArrayList<>();
    for (T c : javaType.getEnumConstants()) out.add(enumName((Enum<?>) c));
    return out;
  }

  public static String enumName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value as a config file would spell it (enums lower-case, lists comma-separated). */
  public String render(Object value) {
    if (value == null) return "<unset>";
    if (value instanceof Enum<?> e) return enumName(e);
    if (value instanceof List<?> l) return String.join(",", l.stream().map(String::valueOf).toList());
    if (value instanceof Object[] a) return Arrays.toString(a);
    return String.valueOf(value);
  }

  public String key() {
    return key;
  }

  public SettingType type() {
    return type;
  }

  public Class<T> javaType() {
    return javaType;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public String expectation() {
    return type == SettingType.ENUM ? "one of " + allowedValues() : check.expectation();
  }

  @Override
  public String toString() {
    return key + " = " + render(defaultValue) + "  (" + description + ")";
  }
}
