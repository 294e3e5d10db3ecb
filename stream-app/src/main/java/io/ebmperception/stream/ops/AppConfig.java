package io.ebmperception.stream.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The app's configuration, assembled in one place from (later wins) built-in defaults, a
 * properties file, environment variables ({@code EBM_BATCH_MAX} sets {@code batch.max}) and
 * command-line overrides. Keys starting with {@code kafka.} are passed to the Kafka clients without
 * the prefix (TLS, SASL and any other client setting).
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
      Map.entry("batch.max", "8"),
      Map.entry("batch.wait.ms", "2"),
      Map.entry("inference.timeout.ms", "5000"),
      Map.entry("onnx.threads", "2"),
      Map.entry("execution.provider", "cpu"),
      Map.entry("frame.max.bytes", String.valueOf(8 << 20)),
      Map.entry("frame.max.pixels", String.valueOf(4096 * 4096)),
      Map.entry("http.port", "8080"),
      Map.entry("health.broker.grace.s", "30"),
      Map.entry("model.reload.interval.s", "5"),
      Map.entry("state.dir", "data/streams"));

  private final Map<String, String> values;

  private AppConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
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
        merged.put(k.substring(4).toLowerCase(Locale.ROOT).replace('_', '.'), v);
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
