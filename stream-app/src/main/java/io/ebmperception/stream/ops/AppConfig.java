package io.ebmperception.stream.ops;

import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ModeRefiner;
import io.ebmperception.stream.topology.Topics;
import io.ebmperception.stream.vision.FrameLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The app's configuration, assembled in one place from (later wins) built-in defaults, a
 * properties file, environment variables ({@code EBM_BATCH_MAX} sets {@code batch.max}) and
 * command-line overrides. Keys starting with {@code kafka.} are passed to the Kafka clients without
 * the prefix (TLS, SASL and any other client setting).
 *
 * <p>Checked when it is made, before anything connects or starts: an unknown key (from the file or
 * {@code --set}) is an error with the nearest known key as a suggestion, and every value is checked
 * against its type and range ({@link #RULES}). Environment variables {@code EBM_*} that name no
 * setting are left alone (the launcher has its own, such as {@code EBM_JAVA_OPTS}).
 */
public final class AppConfig {
  private static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("application.id", "ebm-stream-app"),
      Map.entry("embedded.data.dir", "data/kafka"),
      Map.entry("embedded.port", "9092"),
      Map.entry("topics.frames", "ebm.frames"),
      Map.entry("topics.predictions", "ebm.predictions"),
      Map.entry("topics.dead-letters", "ebm.dead-letters"),
      Map.entry("topics.partitions", "6"),
      Map.entry("topics.replication", "1"),
      Map.entry("stream.threads", "2"),
      Map.entry("samples", "1024"),
      Map.entry("hypotheses", "32"),
      Map.entry("modes.max", "4"),
      Map.entry("modes.bandwidth", "1.0"),
      Map.entry("modes.refine.steps", "0"),
      Map.entry("modes.refine.step", "1.0"),
      Map.entry("batch.max", "8"),
      Map.entry("batch.wait.ms", "2"),
      Map.entry("partition.batching", "true"),
      Map.entry("partition.batching.wait.ms", "20"),
      Map.entry("inference.timeout.ms", "5000"),
      Map.entry("onnx.threads", "2"),
      Map.entry("execution.provider", "cpu"),
      Map.entry("frame.max.bytes", String.valueOf(8 << 20)),
      Map.entry("frame.max.pixels", String.valueOf(4096 * 4096)),
      Map.entry("http.port", "8080"),
      Map.entry("http.bind", "127.0.0.1"),
      Map.entry("health.broker.grace.s", "30"),
      Map.entry("model.reload.interval.s", "5"),
      Map.entry("state.dir", "data/streams"));

  /** Settings without a default. */
  private static final Set<String> OPTIONAL = Set.of("bootstrap.servers", "schemas.dir");

  /** What each setting admits; a setting without a rule is a free string. */
  private static final Map<String, Rule> RULES = Map.ofEntries(
      Map.entry("embedded.port", Rule.range(0, 65535)),
      Map.entry("http.port", Rule.range(0, 65535)),
      Map.entry("topics.partitions", Rule.range(1, 10_000)),
      Map.entry("topics.replication", Rule.range(1, 100)),
      Map.entry("stream.threads", Rule.range(1, 1024)),
      Map.entry("samples", Rule.range(2, 1 << 20)),
      Map.entry("hypotheses", Rule.range(0, 1 << 20)),
      Map.entry("modes.max", Rule.range(0, 64)),
      Map.entry("modes.bandwidth", Rule.decimal(0.05, 10)),
      Map.entry("modes.refine.steps", Rule.range(0, 100)),
      Map.entry("modes.refine.step", Rule.decimal(0.001, 10)),
      Map.entry("batch.max", Rule.range(1, 4096)),
      Map.entry("batch.wait.ms", Rule.range(0, 60_000)),
      Map.entry("inference.timeout.ms", Rule.range(1, 3_600_000)),
      Map.entry("onnx.threads", Rule.range(1, 1024)),
      Map.entry("execution.provider", Rule.oneOf("cpu", "cuda")),
      Map.entry("partition.batching", Rule.oneOf("true", "false")),
      Map.entry("partition.batching.wait.ms", Rule.range(1, 60_000)),
      Map.entry("frame.max.bytes", Rule.range(1024, 1 << 30)),
      Map.entry("frame.max.pixels", Rule.range(1, Integer.MAX_VALUE)),
      Map.entry("health.broker.grace.s", Rule.range(1, 86_400)),
      Map.entry("model.reload.interval.s", Rule.range(0, 86_400)));

  /** A check of one setting's value; returns an error message or null. */
  private interface Rule {
    String check(String value);

    static Rule range(long min, long max) {
      return v -> {
        try {
          long n = Long.parseLong(v.strip());
          return n >= min && n <= max ? null : "must be between " + min + " and " + max + ", got " + n;
        } catch (NumberFormatException e) {
          return "must be an integer, got '" + v + "'";
        }
      };
    }

    static Rule decimal(double min, double max) {
      return v -> {
        try {
          double x = Double.parseDouble(v.strip());
          return x >= min && x <= max ? null : "must be between " + min + " and " + max + ", got " + v.strip();
        } catch (NumberFormatException e) {
          return "must be a number, got '" + v + "'";
        }
      };
    }

    static Rule oneOf(String... allowed) {
      return v -> Set.of(allowed).contains(v.strip()) ? null
          : "must be one of " + String.join(", ", allowed) + ", got '" + v + "'";
    }
  }

  private final Map<String, String> values;

  private AppConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
    validate(this.values);
  }

  /** Every key known and every value in range, or one line that says what is wrong. */
  private static void validate(Map<String, String> values) {
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      String key = e.getKey();
      if (!known(key)) {
        throw new IllegalArgumentException("unknown setting '" + key + "'" + suggestion(key)
            + "; settings: " + String.join(", ", new TreeSet<>(DEFAULTS.keySet())) + ", "
            + String.join(", ", new TreeSet<>(OPTIONAL)) + " and kafka.* (passed to the Kafka clients)");
      }
      Rule rule = RULES.get(key);
      String error = rule == null ? null : rule.check(e.getValue());
      if (error != null) {
        throw new IllegalArgumentException("setting " + key + " " + error);
      }
    }
    if (Long.parseLong(values.getOrDefault("hypotheses", "0").strip())
        > Long.parseLong(values.getOrDefault("samples", "1").strip())) {
      throw new IllegalArgumentException("setting hypotheses (" + values.get("hypotheses")
          + ") must not exceed samples (" + values.get("samples") + ")");
    }
  }

  private static boolean known(String key) {
    return DEFAULTS.containsKey(key) || OPTIONAL.contains(key) || (key.startsWith("kafka.") && key.length() > 6);
  }

  /** " (did you mean 'x'?)" for the nearest known key within two edits, else "". */
  static String suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : DEFAULTS.keySet()) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    for (String candidate : OPTIONAL) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  /**
   * Merges the sources.
   *
   * @param file      a properties file, or null
   * @param env       environment variables (System.getenv())
   * @param overrides command-line settings
   */
  public static AppConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(DEFAULTS);
    if (file != null) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new IllegalArgumentException("config file " + file + " does not exist");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + file, e);
      }
      p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k)));
    }
    env.forEach((k, v) -> {
      if (k.startsWith("EBM_")) {
        String key = k.substring(4).toLowerCase(Locale.ROOT).replace('_', '.');
        if (known(key)) {
          merged.put(key, v);
        }
      }
    });
    merged.putAll(overrides);
    return new AppConfig(merged);
  }

  /** Defaults only (tests). */
  public static AppConfig defaults() {
    return new AppConfig(DEFAULTS);
  }

  /** A copy with {@code key} set. */
  public AppConfig with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new AppConfig(copy);
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing setting " + key);
    }
    return v;
  }

  public Optional<String> optional(String key) {
    return Optional.ofNullable(values.get(key)).filter(s -> !s.isBlank());
  }

  public int integer(String key) {
    String v = string(key);
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key + " must be an integer, got '" + v + "'");
    }
  }

  /** A decimal setting (checked when this config was made). */
  private double decimal(String key) {
    return Double.parseDouble(string(key).strip());
  }

  /** The settings, typed, for serving (every value was checked when this config was made). */
  public ServingConfig serving() {
    return new ServingConfig(
        string("application.id"),
        bootstrapServers(),
        Path.of(string("embedded.data.dir")),
        integer("embedded.port"),
        new Topics(string("topics.frames"), string("topics.predictions"), string("topics.dead-letters")),
        integer("topics.partitions"),
        (short) integer("topics.replication"),
        integer("stream.threads"),
        integer("samples"),
        integer("hypotheses"),
        ModeSearch.upTo(integer("modes.max")).withBandwidth(decimal("modes.bandwidth")),
        new ModeRefiner.Settings(integer("modes.refine.steps"), decimal("modes.refine.step")),
        integer("batch.max"),
        Duration.ofMillis(integer("batch.wait.ms")),
        Boolean.parseBoolean(string("partition.batching").strip()),
        Duration.ofMillis(integer("partition.batching.wait.ms")),
        Duration.ofMillis(integer("inference.timeout.ms")),
        integer("onnx.threads"),
        ExecutionProvider.parse(string("execution.provider")),
        new FrameLimits(integer("frame.max.bytes"), integer("frame.max.pixels")),
        string("http.bind").strip(),
        integer("http.port"),
        Duration.ofSeconds(integer("health.broker.grace.s")),
        Duration.ofSeconds(integer("model.reload.interval.s")),
        Path.of(string("state.dir")),
        optional("schemas.dir").map(Path::of),
        kafkaClientSettings());
  }

  /** The {@code kafka.*} settings without their prefix. */
  public Properties kafkaClientSettings() {
    Properties p = new Properties();
    values.forEach((k, v) -> {
      if (k.startsWith("kafka.")) {
        p.put(k.substring(6), v);
      }
    });
    return p;
  }

  /** {@code bootstrap.servers} of an external cluster, if one is configured. */
  public Optional<String> bootstrapServers() {
    return optional("bootstrap.servers").or(() -> optional("kafka.bootstrap.servers"));
  }

  /**
   * Where a client command (replay, evaluate) finds Kafka: the configured cluster, or the
   * embedded broker of an app running on this machine.
   */
  public String clientBootstrap() {
    return bootstrapServers().orElse("localhost:" + string("embedded.port"));
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
