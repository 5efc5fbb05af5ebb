package org.ascmr.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ascmr.error.ClosestName;
import org.ascmr.error.ConfigException;

/**
 * The settings of one run: a HOCON file ({@code --conf}) with command-line overrides
 * ({@code --set key=value}) on top. Values are read through {@link Setting}s, so every read is
 * typed and checked; {@link #rejectUnknown} catches misspelt keys before any work starts.
 */
public final class ConfigSource {
  /** Keys below this prefix are handed to Spark unchanged, e.g. {@code spark.conf."spark.executor.memory"}. */
  public static final String SPARK_PASSTHROUGH = "spark.conf";

  private final Config config;
  private final String origin;

  private ConfigSource(Config config, String origin) {
    this.config = config;
    this.origin = origin;
  }

  public static ConfigSource empty() {
    return new ConfigSource(ConfigFactory.empty(), "defaults");
  }

  /** Parses HOCON text (tests, and settings embedded in metadata). */
  public static ConfigSource parse(String hocon) {
    try {
      return new ConfigSource(ConfigFactory.parseString(hocon).resolve(), "inline");
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("<inline>", e.getMessage(), e);
    }
  }

  /**
   * Loads {@code file} (may be null: defaults only) and applies {@code overrides}, each
   * {@code key=value}. Values given on the command line are strings; typed reads convert them.
   */
  public static ConfigSource load(Path file, List<String> overrides) {
    Config base = ConfigFactory.empty();
    String origin = "defaults";
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("--conf", "no such file: " + file);
      }
      try {
        base = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("--conf", "cannot parse " + file + ": " + e.getMessage(), e);
      }
      origin = file.toString();
    }
    for (String o : overrides == null ? List.<String>of() : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set", "expected key=value, was '" + o + "'");
      }
      String key = o.substring(0, eq).trim();
      String value = o.substring(eq + 1).trim();
      base = base.withValue(toPath(key), ConfigValueFactory.fromAnyRef(value, "--set " + key));
    }
    try {
      return new ConfigSource(base.resolve(), origin);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("--conf", e.getMessage(), e);
    }
  }

  /** Returns a copy with {@code key} set to {@code value} (typed), as if given with --set. */
  public ConfigSource with(String key, Object value) {
    return new ConfigSource(config.withValue(toPath(key), ConfigValueFactory.fromAnyRef(value)), origin);
  }

  /** Spark property names contain dots: below the passthrough prefix the rest is one quoted key. */
  private static String toPath(String key) {
    String prefix = SPARK_PASSTHROUGH + ".";
    if (key.startsWith(prefix) && !key.substring(prefix.length()).startsWith("\"")) {
      return SPARK_PASSTHROUGH + "." + ConfigUtil.quoteString(key.substring(prefix.length()));
    }
    return key;
  }

  public String origin() {
    return origin;
  }

  public boolean isSet(Setting<?> s) {
    return config.hasPath(s.key());
  }

  /** The value of {@code s}: the configured one (type-converted and checked) or its default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> s) {
    if (!config.hasPath(s.key())) return s.defaultValue();
    String k = s.key();
    Object v;
    try {
      v = switch (s.type()) {
        case INT -> config.getInt(k);
        case LONG -> config.getLong(k);
        case DOUBLE -> config.getDouble(k);
        case BOOLEAN -> config.getBoolean(k);
        case STRING -> config.getString(k);
        case ENUM -> s.parseEnum(config.getString(k));
        case STRING_LIST -> readStringList(k);
      };
    } catch (WrongType e) {
      throw new ConfigException(k, "must be " + typeWord(s) + ", was " + describe(config.getValue(k)), e);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(k, e.getMessage(), e);
    }
    return s.check((T) v);
  }

  private List<String> readStringList(String k) {
    ConfigValue value = config.getValue(k);
    if (value.valueType() == ConfigValueType.STRING) {
      String text = ((String) value.unwrapped()).trim();
      if (text.isEmpty()) return List.of();
      return Arrays.stream(text.split(",")).map(String::trim).toList();
    }
    return List.copyOf(config.getStringList(k));
  }

  private static String typeWord(Setting<?> s) {
    return switch (s.type()) {
      case INT -> "an integer";
      case LONG -> "an integer";
      case DOUBLE -> "a number";
      case BOOLEAN -> "true or false";
      case STRING -> "a string";
      case ENUM -> "one of " + s.allowedValues();
      case STRING_LIST -> "a list of strings";
    };
  }

  private static String describe(ConfigValue v) {
    Object u = v.unwrapped();
    return u instanceof String ? "'" + u + "'" : String.valueOf(u);
  }

  /**
   * Fails on the first key that no known setting declares (sorted, so the error is stable),
   * except below the Spark passthrough prefix. Suggests the closest known key.
   */
  public void rejectUnknown(Collection<Setting<?>> known) {
    Set<String> keys = new TreeSet<>();
    for (Setting<?> s : known) keys.add(s.key());
    for (String path : new TreeSet<>(leafPaths())) {
      if (path.startsWith(SPARK_PASSTHROUGH + ".") || keys.contains(path)) continue;
      String hint = ClosestName.of(path, keys);
      throw new ConfigException(path, "unknown key" + (hint == null ? "" : " (did you mean " + hint + "?)")
          + "; 'ascmr config' lists every key");
    }
  }

  private Set<String> leafPaths() {
    Set<String> out = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) out.add(e.getKey());
    return out;
  }



  /** Spark properties given below {@link #SPARK_PASSTHROUGH}, in key order. */
  public Map<String, String> sparkProperties() {
    Map<String, String> out = new TreeMap<>();
    if (!config.hasPath(SPARK_PASSTHROUGH)) return out;
    for (Map.Entry<String, ConfigValue> e : config.getConfig(SPARK_PASSTHROUGH).entrySet()) {
      List<String> parts = ConfigUtil.splitPath(e.getKey());
      out.put(String.join(".", parts), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /** Effective values of {@code settings} as the config file would spell them, in key order. */
  public Map<String, String> effective(Collection<Setting<?>> settings) {
    Map<String, String> out = new TreeMap<>();
    for (Setting<?> s : settings) out.put(s.key(), render(s));
    return out;
  }

  private <T> String render(Setting<T> s) {
    return s.render(get(s));
  }

  /** All of {@code settings} with their effective values, as lines for `ascmr config`. */
  public List<String> describeAll(Collection<Setting<?>> settings) {
    List<String> lines = new ArrayList<>();
    Map<String, Setting<?>> byKey = new LinkedHashMap<>();
    for (Setting<?> s : settings) byKey.put(s.key(), s);
    for (Setting<?> s : byKey.values()) {
      lines.add(String.format("%-34s = %-14s %s (%s)%s", s.key(), render(s), s.description(),
          s.expectation(), isSet(s) ? "  [set]" : ""));
    }
    return lines;
  }

  /** For tests: a source read from a file on disk. */
  public static ConfigSource load(File file) {
    return load(file.toPath(), List.of());
  }
}
