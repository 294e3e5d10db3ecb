package io.ebmperception.stream.ops;

import io.ebmperception.runtime.config.Config;
import io.ebmperception.runtime.config.ConfigOptions;
import io.ebmperception.runtime.config.Setting;
import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.schemas.WireFormat;
import io.ebmperception.schemas.sampling.ModeSearch;
import io.ebmperception.stream.inference.ExecutionProvider;
import io.ebmperception.stream.inference.ModeRefiner;
import io.ebmperception.stream.topology.Topics;
import io.ebmperception.stream.vision.FrameLimits;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The app's configuration: a {@link Config} of the app's table ({@link Settings}), loaded from
 * (later wins) defaults, a properties file, {@code EBM_*} and command-line overrides and checked
 * before anything connects, plus the checks across settings ({@code hypotheses} at most
 * {@code samples}) and the typed views serving reads ({@link #serving()}).
 */
public final class AppConfig {
  private final Config config;

  private AppConfig(Config config) {
    this.config = config;
    Optional<String> hypotheses = config.raw(Settings.HYPOTHESES);
    Optional<String> samples = config.raw(Settings.SAMPLES);
    if (hypotheses.isPresent() && samples.isPresent()
        && Long.parseLong(hypotheses.get().strip()) > Long.parseLong(samples.get().strip())) {
      throw new IllegalArgumentException("setting " + Settings.HYPOTHESES.key() + " (" + hypotheses.get().strip()
          + ") must not exceed " + Settings.SAMPLES.key() + " (" + samples.get().strip() + ")");
    }
  }

  /** The app's view of {@code config}, which must have been made from {@link Settings#ALL}. */
  public static AppConfig of(Config config) {
    return new AppConfig(config);
  }

  /**
   * Merges the sources.
   *
   * @param file      a properties file, or null
   * @param env       environment variables (System.getenv())
   * @param overrides command-line settings
   */
  public static AppConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return new AppConfig(Config.load(Settings.ALL, file, env, overrides));
  }

  /** The configuration a command's {@code --config}, {@code --set} and cluster options give. */
  public static AppConfig from(ConfigOptions options) {
    return new AppConfig(options.load(Settings.ALL, Map.of()));
  }

  /** Defaults only (tests). */
  public static AppConfig defaults() {
    return new AppConfig(Config.defaults(Settings.ALL));
  }

  /** A copy with {@code key} set (as in a properties file; checked like one). */
  public AppConfig with(String key, String value) {
    return new AppConfig(config.with(key, value));
  }

  /** A copy with {@code setting} set to {@code value} (as written in a properties file). */
  public AppConfig with(Setting<?> setting, Object value) {
    return with(setting.key(), String.valueOf(value));
  }

  /** The settings as the runtime reads them. */
  public Config config() {
    return config;
  }

  /** The value of a setting with a default. */
  public <T> T get(Setting<T> setting) {
    return config.get(setting);
  }

  /** The value of an optional setting, if it is set. */
  public <T> Optional<T> find(Setting<T> setting) {
    return config.find(setting);
  }

  /** The settings, typed, for serving. */
  public ServingConfig serving() {
    return new ServingConfig(
        get(Settings.APPLICATION_ID),
        new ServingConfig.Kafka(bootstrapServers(), kafkaClientSettings(), get(Settings.BROKER_GRACE)),
        new ServingConfig.Embedded(get(Settings.EMBEDDED_DATA_DIR), get(SharedSettings.EMBEDDED_PORT)),
        new ServingConfig.TopicLayout(topics(), get(Settings.PARTITIONS), get(Settings.REPLICATION).shortValue()),
        new ServingConfig.Sampling(get(Settings.SAMPLES), get(Settings.HYPOTHESES),
            ModeSearch.upTo(get(Settings.MODES_MAX)).withBandwidth(get(Settings.MODES_BANDWIDTH)),
            new ModeRefiner.Settings(get(Settings.REFINE_STEPS), get(Settings.REFINE_STEP))),
        new ServingConfig.Batching(get(Settings.STREAM_THREADS), get(Settings.BATCH_MAX), get(Settings.BATCH_WAIT),
            get(Settings.PARTITION_BATCHING), get(Settings.PARTITION_BATCHING_WAIT), get(Settings.INFERENCE_TIMEOUT)),
        new ServingConfig.Onnx(get(Settings.ONNX_THREADS), ExecutionProvider.parse(get(Settings.EXECUTION_PROVIDER))),
        frameLimits(),
        get(Settings.REDUCED_DECODING),
        new ServingConfig.Http(get(SharedSettings.HTTP_BIND), get(SharedSettings.HTTP_PORT)),
        get(Settings.RELOAD_INTERVAL),
        get(Settings.STATE_DIR),
        wireFormat());
  }

  /** How records are framed and where writer schemas come from (see {@link Config#wireFormat()}). */
  public WireFormat wireFormat() {
    return config.wireFormat();
  }

  /** The three topics' names. */
  public Topics topics() {
    return new Topics(get(SharedSettings.FRAMES_TOPIC), get(Settings.PREDICTIONS_TOPIC), get(Settings.DEAD_LETTERS_TOPIC));
  }

  /** The frame limits. */
  public FrameLimits frameLimits() {
    return new FrameLimits(get(SharedSettings.FRAME_MAX_BYTES), get(Settings.FRAME_MAX_PIXELS), get(Settings.FRAME_MAX_AGE));
  }

  /** The {@code kafka.*} settings without their prefix. */
  public Properties kafkaClientSettings() {
    return config.kafkaClientSettings();
  }

  /** {@code bootstrap.servers} of an external cluster, if one is configured. */
  public Optional<String> bootstrapServers() {
    return config.bootstrapServers();
  }

  /** Where a client command finds Kafka (see {@link Config#clientBootstrap()}). */
  public String clientBootstrap() {
    return config.clientBootstrap();
  }

  @Override
  public String toString() { // credentials masked by Config
    return config.toString();
  }
}
