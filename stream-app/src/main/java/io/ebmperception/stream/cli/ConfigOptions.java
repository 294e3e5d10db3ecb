package io.ebmperception.stream.cli;

import io.ebmperception.stream.ops.AppConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by every command: a config file, single overrides, and the cluster address. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file (see docs/operations.md); environment variables EBM_<KEY> and --set override it.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set batch.max=16 --set kafka.security.protocol=SSL.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "An existing Kafka cluster. Without it, run and demo start an embedded broker.")
  String bootstrapServers;

  AppConfig load() {
    return load(Map.of());
  }

  /**
   * The configuration with {@code commandOptions} (a command's own options, by setting key) over
   * the file, {@code EBM_*} and {@code --set}: the most specific place wins.
   */
  AppConfig load(Map<String, String> commandOptions) {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.putAll(commandOptions);
    if (bootstrapServers != null) {
      all.put("bootstrap.servers", bootstrapServers);
    }
    return AppConfig.load(file, System.getenv(), all);
  }
}
