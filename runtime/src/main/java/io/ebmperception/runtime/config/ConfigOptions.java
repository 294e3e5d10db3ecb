package io.ebmperception.runtime.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command of a process shares (a picocli mixin): a config file, single
 * overrides, and the cluster address. The process's own command options, given as setting keys,
 * go over them: the most specific place wins.
 */
public final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file (see docs/operations.md); environment variables EBM_<KEY> and --set override it.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set topics.frames=cams --set kafka.security.protocol=SSL.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "An existing Kafka cluster. Without it, run and demo start an embedded broker; the other commands look for one on this machine.")
  String bootstrapServers;

  /**
   * The configuration of {@code table} with {@code commandOptions} (a command's own options, by
   * setting key) over the file, {@code EBM_*} and {@code --set}.
   */
  public Config load(List<Setting<?>> table, Map<String, String> commandOptions) {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.putAll(commandOptions);
    if (bootstrapServers != null) {
      all.put(SharedSettings.BOOTSTRAP_SERVERS.key(), bootstrapServers);
    }
    return Config.load(table, file, System.getenv(), all);
  }

  /** An option given on the command line as the value of {@code setting}; null leaves it out. */
  public static void putIfGiven(Map<String, String> options, Setting<?> setting, Object value) {
    if (value != null) {
      options.put(setting.key(), String.valueOf(value));
    }
  }
}
