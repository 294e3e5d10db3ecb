package io.ebmperception.stream.ops;

import io.ebmperception.schemas.LocalSchemaStore;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.registry.SchemaRegistryClient;
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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The app's configuration, assembled in one place from (later wins) built-in defaults, a
 * properties file, environment variables ({@code EBM_BATCH_MAX} sets {@code batch.max}) and
 * command-line overrides. Keys starting with {@code kafka.} are passed to the Kafka clients without
 * the prefix (TLS, SASL and any other client setting).
 *
 * <p>Every setting is declared once, in {@link Settings}. Checked when it is made, before anything
 * connects or starts: an unknown key (from the file or {@code --set}) is an error with the nearest
 * known key as a suggestion, and every value is checked against its declaration. Environment variables {@code EBM_*} that name no
 * setting are left alone (the launcher has its own, such as {@code EBM_JAVA_OPTS}).
 */
public final class AppConfig {
  /** Keys whose values are credentials. */
  private static final java.util.regex.Pattern SECRET =
      java.util.regex.Pattern.compile("password|jaas|user\\.info|secret|token", java.util.regex.Pattern.CASE_INSENSITIVE);
  private final Map<String, String> values;

  private AppConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
    validate(this.values);
  }

  /** Every key known and every value in range, or one line that says what is wrong. */
  private static void validate(Map<String, String> values) {
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      String key = e.getKey();
      if (key.startsWith(Settings.KAFKA_PREFIX) && key.length() > Settings.KAFKA_PREFIX.length()) {
        continue;
      }
      Setting<?> setting = Settings.find(key).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key
          + "'" + suggestion(key) + "; settings: " + String.join(", ",
              new TreeSet<>(Settings.ALL.stream().map(Setting::key).toList())) + " and kafka.* (passed to the Kafka clients)"));
      String error = setting.check(e.getValue());
      if (error != null) {
        throw new IllegalArgumentException("setting " + key + " " + error);
      }
    }
    String hypotheses = values.get(Settings.HYPOTHESES.key());
    String samples = values.get(Settings.SAMPLES.key());
    if (hypotheses != null && samples != null && Long.parseLong(hypotheses.strip()) > Long.parseLong(samples.strip())) {
      throw new IllegalArgumentException("setting " + Settings.HYPOTHESES.key() + " (" + hypotheses
          + ") must not exceed " + Settings.SAMPLES.key() + " (" + samples + ")");
    }
  }

  private static boolean known(String key) {
    return Settings.find(key).isPresent()
        || (key.startsWith(Settings.KAFKA_PREFIX) && key.length() > Settings.KAFKA_PREFIX.length());
  }

  /** " (did you mean 'x'?)" for the nearest known key within two edits, else "". */
  static String suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (Setting<?> candidate : Settings.ALL) {
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
   * @param file      a properties file, or null
   * @param env       environment variables (System.getenv())
   * @param overrides command-line settings
   */
  public static AppConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(declaredDefaults());
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

  /** Every declared setting's default. */
  private static Map<String, String> declaredDefaults() {
    Map<String, String> out = new TreeMap<>();
    Settings.ALL.forEach(s -> s.defaultValue().ifPresent(v -> out.put(s.key(), v)));
    return out;
  }

  /** Defaults only (tests). */
  public static AppConfig defaults() {
    return new AppConfig(declaredDefaults());
  }

  /** A copy with {@code key} set (as in a properties file; checked like one). */
  public AppConfig with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new AppConfig(copy);
  }

  /** A copy with {@code setting} set to {@code value} (as written in a properties file). */
  public AppConfig with(Setting<?> setting, Object value) {
    return with(setting.key(), String.valueOf(value));
  }

  /** The value of a setting with a default (every value was checked when this config was made). */
  public <T> T get(Setting<T> setting) {
    String v = values.get(setting.key());
    if (v == null) {
      throw new IllegalArgumentException("missing setting " + setting.key());
    }
    return setting.read(v);
  }

  /** The value of an optional setting, if it is set. */
  public <T> Optional<T> find(Setting<T> setting) {
    return Optional.ofNullable(values.get(setting.key())).filter(s -> !s.isBlank()).map(setting::read);
  }

  /** The settings, typed, for serving. */
  public ServingConfig serving() {
    return new ServingConfig(
        get(Settings.APPLICATION_ID),
        new ServingConfig.Kafka(bootstrapServers(), kafkaClientSettings(), get(Settings.BROKER_GRACE)),
        new ServingConfig.Embedded(get(Settings.EMBEDDED_DATA_DIR), get(Settings.EMBEDDED_PORT)),
        new ServingConfig.TopicLayout(topics(), get(Settings.PARTITIONS), get(Settings.REPLICATION).shortValue()),
        new ServingConfig.Sampling(get(Settings.SAMPLES), get(Settings.HYPOTHESES),
            ModeSearch.upTo(get(Settings.MODES_MAX)).withBandwidth(get(Settings.MODES_BANDWIDTH)),
            new ModeRefiner.Settings(get(Settings.REFINE_STEPS), get(Settings.REFINE_STEP))),
        new ServingConfig.Batching(get(Settings.STREAM_THREADS), get(Settings.BATCH_MAX), get(Settings.BATCH_WAIT),
            get(Settings.PARTITION_BATCHING), get(Settings.PARTITION_BATCHING_WAIT), get(Settings.INFERENCE_TIMEOUT)),
        new ServingConfig.Onnx(get(Settings.ONNX_THREADS), ExecutionProvider.parse(get(Settings.EXECUTION_PROVIDER))),
        frameLimits(),
        get(Settings.REDUCED_DECODING),
        new ServingConfig.Http(get(Settings.HTTP_BIND), get(Settings.HTTP_PORT)),
        get(Settings.RELOAD_INTERVAL),
        get(Settings.STATE_DIR),
        wireFormat());
  }

  /**
   * How records are framed and where writer schemas come from ({@code serde.format},
   * {@code schema.registry.*}, {@code schemas.dir}). A registry is named but not asked anything yet.
   */
  public WireFormat wireFormat() {
    LocalSchemaStore store = LocalSchemaStore.withCurrentSchemas();
    find(Settings.SCHEMAS_DIR).ifPresent(store::addDirectory);
    Optional<String> url = find(Settings.SCHEMA_REGISTRY_URL).filter(u -> !u.isBlank());
    WireFormat.Kind kind = WireFormat.Kind.parse(get(Settings.SERDE_FORMAT));
    if (kind == WireFormat.Kind.REGISTRY && url.isEmpty()) {
      throw new IllegalArgumentException(Settings.SERDE_FORMAT.key() + "=" + kind.spelling() + " needs "
          + Settings.SCHEMA_REGISTRY_URL.key() + " (e.g. http://registry:8080/apis/ccompat/v7)");
    }
    if (url.isEmpty()) {
      return WireFormat.singleObject(store);
    }
    SchemaRegistryClient client = new SchemaRegistryClient(url.get(), find(Settings.SCHEMA_REGISTRY_USER_INFO),
        Duration.ofSeconds(10));
    return kind == WireFormat.Kind.REGISTRY ? WireFormat.registry(store, client) : WireFormat.singleObject(store, client);
  }

  /** The three topics' names. */
  public Topics topics() {
    return new Topics(get(Settings.FRAMES_TOPIC), get(Settings.PREDICTIONS_TOPIC), get(Settings.DEAD_LETTERS_TOPIC));
  }

  /** The frame limits. */
  public FrameLimits frameLimits() {
    return new FrameLimits(get(Settings.FRAME_MAX_BYTES), get(Settings.FRAME_MAX_PIXELS));
  }

  /** The {@code kafka.*} settings without their prefix. */
  public Properties kafkaClientSettings() {
    Properties p = new Properties();
    values.forEach((k, v) -> {
      if (k.startsWith(Settings.KAFKA_PREFIX)) {
        p.put(k.substring(Settings.KAFKA_PREFIX.length()), v);
      }
    });
    return p;
  }

  /** {@code bootstrap.servers} of an external cluster, if one is configured. */
  public Optional<String> bootstrapServers() {
    return find(Settings.BOOTSTRAP_SERVERS).or(() -> Optional.ofNullable(values.get(Settings.KAFKA_PREFIX + "bootstrap.servers"))
        .filter(v -> !v.isBlank()));
  }

  /**
   * Where a client command (replay, evaluate) finds Kafka: the configured cluster, or the
   * embedded broker of an app running on this machine.
   */
  public String clientBootstrap() {
    return bootstrapServers().orElse("localhost:" + get(Settings.EMBEDDED_PORT));
  }

  @Override
  public String toString() { // credentials (a SASL JAAS line, the registry's user:password) never printed
    Map<String, String> shown = new TreeMap<>(values);
    shown.replaceAll((k, v) -> SECRET.matcher(k).find() ? "****" : v);
    return shown.toString();
  }
}
