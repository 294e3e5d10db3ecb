package io.ebmperception.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A process reads only the settings its table declares, and its help lists them from the declarations. */
class ConfigTest {
  private static final Setting<Integer> OWN = Setting.integer("own.count", 3, 1, 9, "a setting of this process");
  private static final Setting<Integer> OTHER = Setting.integer("other.count", 5, 1, 9, "another process's setting");
  private static final List<Setting<?>> TABLE = List.of(SharedSettings.FRAMES_TOPIC, OWN);

  @Test
  void aKeyOfAnotherProcessIsUnknownWithTheNearestKeyOfThisOne() {
    assertThatThrownBy(() -> Config.load(TABLE, null, Map.of(), Map.of("own.cout", "4")))
        .hasMessageStartingWith("unknown setting 'own.cout' (did you mean 'own.count'?)")
        .hasMessageContaining("settings: own.count, topics.frames and kafka.*");
    assertThatThrownBy(() -> Config.load(TABLE, null, Map.of(), Map.of("other.count", "4")))
        .hasMessageStartingWith("unknown setting 'other.count'");
    // EBM_* of another process's settings are not this one's: left alone, not an error
    Config config = Config.load(TABLE, null, Map.of("EBM_OTHER_COUNT", "4", "EBM_OWN_COUNT", "7"), Map.of());
    assertThat(config.get(OWN)).isEqualTo(7);
    assertThatThrownBy(() -> config.get(OTHER)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not in this process's table");
  }

  @Test
  void theHelpFooterNamesEverySettingWithItsDefaultWithinTheUsageWidth() {
    List<String> lines = List.of(SettingsHelp.footer(List.of(SharedSettings.BOOTSTRAP_SERVERS, SharedSettings.SERDE_FORMAT,
        SharedSettings.SCHEMA_REGISTRY_URL, OWN)));
    assertThat(lines).contains("  own.count = 3", "  bootstrap.servers (not set by default)",
        "  serde.format = single-object");
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
    assertThat(String.join(" ", lines).replaceAll("\\s+", " "))
        .contains(SharedSettings.SCHEMA_REGISTRY_URL.doc().replaceAll("\\s+", " "));
  }
}
