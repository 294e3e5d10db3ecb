package io.ebmperception.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of a process of the project, declared once (the app's {@code Settings}, ingest's
 * {@code IngestSettings}, both sharing {@link SharedSettings}): its key, what values it admits, how
 * a value is read, its default (absent: the setting is optional) and what it means. Loading,
 * validation, "did you mean" hints and the settings table of docs/operations.md all come from
 * these declarations ({@link Config}).
 *
 * @param <T> the type code reads, e.g. {@code Integer} or {@code Duration}
 */
public final class Setting<T> {
  private final String key;
  private final String defaultValue;
  private final String allowed;
  private final Function<String, String> check;
  private final Function<String, T> read;
  private final String doc;

  private Setting(String key, String defaultValue, String allowed, Function<String, String> check,
      Function<String, T> read, String doc) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
    this.check = check;
    this.read = read;
    this.doc = doc;
  }

  /** A free string. */
  public static Setting<String> text(String key, String defaultValue, String doc) {
    return new Setting<>(key, defaultValue, "text", v -> null, String::strip, doc);
  }

  /** A folder or file. */
  public static Setting<Path> path(String key, String defaultValue, String doc) {
    return new Setting<>(key, defaultValue, "path", v -> v.isBlank() ? "must not be empty" : null,
        v -> Path.of(v.strip()), doc);
  }

  /** An integer in {@code [min, max]}. */
  public static Setting<Integer> integer(String key, long defaultValue, int min, int max, String doc) {
    return new Setting<>(key, Long.toString(defaultValue), min + " to " + max, range(min, max),
        v -> Integer.parseInt(v.strip()), doc);
  }

  /** A number in {@code [min, max]}. */
  public static Setting<Double> decimal(String key, double defaultValue, double min, double max, String doc) {
    return new Setting<>(key, Double.toString(defaultValue), min + " to " + max, v -> {
      try {
        double x = Double.parseDouble(v.strip());
        return x >= min && x <= max ? null : "must be between " + min + " and " + max + ", got " + v.strip();
      } catch (NumberFormatException e) {
        return "must be a number, got '" + v + "'";
      }
    }, v -> Double.parseDouble(v.strip()), doc);
  }

  /** Milliseconds in {@code [min, max]}, read as a {@link Duration}. */
  public static Setting<Duration> millis(String key, long defaultValue, int min, int max, String doc) {
    return new Setting<>(key, Long.toString(defaultValue), min + " to " + max + " ms", range(min, max),
        v -> Duration.ofMillis(Long.parseLong(v.strip())), doc);
  }

  /** Seconds in {@code [min, max]}, read as a {@link Duration}. */
  public static Setting<Duration> seconds(String key, long defaultValue, int min, int max, String doc) {
    return new Setting<>(key, Long.toString(defaultValue), min + " to " + max + " s", range(min, max),
        v -> Duration.ofSeconds(Long.parseLong(v.strip())), doc);
  }

  /** {@code true} or {@code false}. */
  public static Setting<Boolean> flag(String key, boolean defaultValue, String doc) {
    return new Setting<>(key, Boolean.toString(defaultValue), "true, false", oneOf(List.of("true", "false")),
        v -> Boolean.parseBoolean(v.strip()), doc);
  }

  /** One of {@code allowed}. */
  public static Setting<String> choice(String key, String defaultValue, List<String> allowed, String doc) {
    return new Setting<>(key, defaultValue, String.join(", ", allowed), oneOf(allowed), String::strip, doc);
  }

  /** This setting without a default: absent unless given. */
  public Setting<T> optional() {
    return new Setting<>(key, null, allowed, check, read, doc);
  }

  private static Function<String, String> range(long min, long max) {
    return v -> {
      try {
        long n = Long.parseLong(v.strip());
        return n >= min && n <= max ? null : "must be between " + min + " and " + max + ", got " + n;
      } catch (NumberFormatException e) {
        return "must be an integer, got '" + v + "'";
      }
    };
  }

  private static Function<String, String> oneOf(List<String> allowed) {
    return v -> allowed.contains(v.strip()) ? null : "must be one of " + String.join(", ", allowed) + ", got '" + v + "'";
  }

  public String key() {
    return key;
  }

  /** The default as written in a properties file, or empty for an optional setting. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** What values it admits, in words ("1 to 4096", "true, false"). */
  public String allowed() {
    return allowed;
  }

  /** What it means (the settings table's last column). */
  public String doc() {
    return doc;
  }

  /** An error message for {@code raw}, or null when it is admitted. */
  public String check(String raw) {
    return check.apply(raw);
  }

  /** {@code raw} as the type code reads (call only on a checked value). */
  T read(String raw) {
    return read.apply(raw);
  }

  @Override
  public String toString() {
    return key;
  }
}
