package io.ebmperception.runtime.config;

import static io.ebmperception.runtime.config.SharedSettings.KAFKA_PREFIX;

import io.ebmperception.schemas.LocalSchemaStore;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A process's configuration, assembled in one place from (later wins) its settings' defaults, a
 * properties file, environment variables ({@code EBM_BATCH_MAX} sets {@code batch.max}) and
 * command-line overrides, against the table of settings that process declares. Keys starting with
 * {@code kafka.} are passed to the Kafka clients without the prefix (TLS, SASL and any other client
 * setting).
 *
 * <p>Checked when it is made, before anything connects or starts: an unknown key (from the file or
 * {@code --set}) is an error with the nearest known key as a suggestion, and every value is checked
 * against its declaration. Environment variables {@code EBM_*} that name no setting of the table are
 * left alone (the launcher has its own, such as {@code EBM_JAVA_OPTS}).
 */
public final class Config {
  /** Keys whose values are credentials. */
  private static final Pattern SECRET = Pattern.compile("password|jaas|user\\.info|secret|token",
      Pattern.CASE_INSENSITIVE);
  private final List<Setting<?>> table;
  private final Map<String, String> values;

  private Config(List<Setting<?>> table, Map<String, String> values) {
    this.table = List.copyOf(table);
    this.values = Map.copyOf(values);
    validate();
  }

  /** Every key known and every value in range, or one line that says what is wrong. */
  private void validate() {
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      String key = e.getKey();
      if (isKafkaKey(key)) {
        continue;
      }
      Setting<?> setting = declared(key).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key
          + "'" + suggestion(key) + "; settings: " + String.join(", ",
              new TreeSet<>(table.stream().map(Setting::key).toList())) + " and kafka.* (passed to the Kafka clients)"));
      String error = setting.check(e.getValue());
      if (error != null) {
        throw new IllegalArgumentException("setting " + key + " " + error);
      }
    }
  }

  private static boolean isKafkaKey(String key) {
    return key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length();
  }

  private Optional<Setting<?>> declared(String key) {
    return table.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** " (did you mean 'x'?)" for the nearest known key within two edits, else "". */
  String suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (Setting<?> candidate : table) {
      int d = editDistance(key, candidate.key());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate.key();
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
   * @param table     the settings this process declares
   * @param file      a properties file, or null
   * @param env       environment variables (System.getenv())
   * @param overrides command-line settings
   */
  public static Config load(List<Setting<?>> table, Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(declaredDefaults(table));
    if (file != null) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("config file " + file + " does not exist");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + file, e);
      }
      p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k)));
    }
    env.forEach((k, v) -> {
      if (k.startsWith("EBM_")) {
        String key = k.substring(4).toLowerCase(Locale.ROOT).replace('_', '.');
        if (isKafkaKey(key) || table.stream().anyMatch(s -> s.key().equals(key))) {
          merged.put(key, v);
        }
      }
    });
    merged.putAll(overrides);
    return new Config(table, merged);
  }

  private static Map<String, String> declaredDefaults(List<Setting<?>> table) {
    Map<String, String> out = new TreeMap<>();
    table.forEach(s -> s.defaultValue().ifPresent(v -> out.put(s.key(), v)));
    return out;
  }

  /** Defaults only. */
  public static Config defaults(List<Setting<?>> table) {
    return new Config(table, declaredDefaults(table));
  }

  /** A copy with {@code key} set (as in a properties file; checked like one). */
  public Config with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new Config(table, copy);
  }

  /** The value as written (after merging), if set. */
  public Optional<String> raw(Setting<?> setting) {
    return Optional.ofNullable(values.get(setting.key()));
  }

  /** The value of a setting with a default (every value was checked when this config was made). */
  public <T> T get(Setting<T> setting) {
    requireDeclared(setting);
    String v = values.get(setting.key());
    if (v == null) {
      throw new IllegalArgumentException("missing setting " + setting.key());
    }
    return setting.read(v);
  }

  /** The value of an optional setting, if it is set. */
  public <T> Optional<T> find(Setting<T> setting) {
    requireDeclared(setting);
    return Optional.ofNullable(values.get(setting.key())).filter(s -> !s.isBlank()).map(setting::read);
  }

  private void requireDeclared(Setting<?> setting) {
    if (!table.contains(setting)) { // a programming error: the process reads a setting it does not declare
      throw new IllegalStateException("setting " + setting.key() + " is not in this process's table");
    }
  }

  /** The {@code kafka.*} settings without their prefix. */
  public Properties kafkaClientSettings() {
    Properties p = new Properties();
    values.forEach((k, v) -> {
      if (k.startsWith(KAFKA_PREFIX)) {
        p.put(k.substring(KAFKA_PREFIX.length()), v);
      }
    });
    return p;
  }

  /** {@code bootstrap.servers} of an external cluster, if one is configured. */
  public Optional<String> bootstrapServers() {
    return find(SharedSettings.BOOTSTRAP_SERVERS).or(() -> Optional.ofNullable(values.get(KAFKA_PREFIX
        + "bootstrap.servers")).filter(v -> !v.isBlank()));
  }

  /**
   * Where a client (replay, evaluate, ingest) finds Kafka: the configured cluster, or the embedded
   * broker of an app running on this machine.
   */
  public String clientBootstrap() {
    return bootstrapServers().orElse("localhost:" + get(SharedSettings.EMBEDDED_PORT));
  }

  /**
   * How records are framed and where writer schemas come from ({@code serde.format},
   * {@code schema.registry.*}, {@code schemas.dir}). A registry is named but not asked anything yet.
   */
  public WireFormat wireFormat() {
    LocalSchemaStore store = LocalSchemaStore.withCurrentSchemas();
    find(SharedSettings.SCHEMAS_DIR).ifPresent(store::addDirectory);
    Optional<String> url = find(SharedSettings.SCHEMA_REGISTRY_URL).filter(u -> !u.isBlank());
    WireFormat.Kind kind = WireFormat.Kind.parse(get(SharedSettings.SERDE_FORMAT));
    if (kind == WireFormat.Kind.REGISTRY && url.isEmpty()) {
      throw new IllegalArgumentException(SharedSettings.SERDE_FORMAT.key() + "=" + kind.spelling() + " needs "
          + SharedSettings.SCHEMA_REGISTRY_URL.key() + " (e.g. http://registry:8080/apis/ccompat/v7)");
    }
    if (url.isEmpty()) {
      return WireFormat.singleObject(store);
    }
    SchemaRegistryClient client = new SchemaRegistryClient(url.get(),
        find(SharedSettings.SCHEMA_REGISTRY_USER_INFO), Duration.ofSeconds(10));
    return kind == WireFormat.Kind.REGISTRY ? WireFormat.registry(store, client) : WireFormat.singleObject(store, client);
  }

  @Override
  public String toString() { // credentials (a SASL JAAS line, the registry's user:password, a URL's) never printed
    Map<String, String> shown = new TreeMap<>(values);
    shown.replaceAll((k, v) -> SECRET.matcher(k).find() ? "****" : SchemaRegistryClient.masked(v));
    return shown.toString();
  }
}
