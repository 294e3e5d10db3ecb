package io.ebmperception.stream;

import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.stream.ops.AppConfig;
import io.ebmperception.stream.ops.Settings;
import java.nio.file.Path;

/**
 * The configuration of a small app for tests, typed: its own folders under a test's directory, free
 * ports, M = 256, two partitions and no model checks. Tests change what they measure with
 * {@link AppConfig#with(io.ebmperception.runtime.config.Setting, Object)}.
 */
public final class TestApps {
  private TestApps() {}

  /** A small app with its own embedded broker (data under {@code dir/kafka}). */
  public static AppConfig small(Path dir) {
    return onCluster(dir, null).with(Settings.EMBEDDED_DATA_DIR, dir.resolve("kafka"))
        .with(SharedSettings.EMBEDDED_PORT, 0);
  }

  /** A small app on the cluster at {@code bootstrap} (null: an embedded broker on the default port). */
  public static AppConfig onCluster(Path dir, String bootstrap) {
    AppConfig config = AppConfig.defaults()
        .with(SharedSettings.HTTP_PORT, 0)
        .with(Settings.STATE_DIR, dir.resolve("streams"))
        .with(Settings.SAMPLES, 256)
        .with(Settings.PARTITIONS, 2)
        .with(Settings.RELOAD_INTERVAL, 0);
    return bootstrap == null ? config : config.with(SharedSettings.BOOTSTRAP_SERVERS, bootstrap);
  }
}
