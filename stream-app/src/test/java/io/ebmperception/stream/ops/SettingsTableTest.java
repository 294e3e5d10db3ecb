package io.ebmperception.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The settings are declared once ({@link Settings}); every other place that names them is checked
 * against the declarations: the settings table of docs/operations.md names every setting and no
 * other, and the k8s config maps, the Dockerfiles, the compose file and the deployment set only
 * declared keys (or {@code kafka.*}).
 */
class SettingsTableTest {
  private static final Path ROOT = Path.of("..");
  private static final Set<String> DECLARED = new TreeSet<>(Settings.ALL.stream().map(Setting::key).toList());

  @Test
  void theOperationsTableNamesEverySettingAndNoOther() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("docs/operations.md"));
    int header = lines.indexOf("| key | default | meaning |");
    assertThat(header).as("the settings table's header in docs/operations.md").isPositive();
    Set<String> documented = new TreeSet<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String keys = lines.get(i).split("\\|")[1];
      Matcher m = Pattern.compile("`([^`]+)`").matcher(keys);
      while (m.find()) {
        documented.add(m.group(1));
      }
    }
    documented.remove("kafka.*");
    assertThat(documented).isEqualTo(DECLARED);
  }

  @Test
  void configMapsAndImagesSetOnlyDeclaredSettings() throws IOException {
    List<String> used = new ArrayList<>();
    for (String file : List.of("k8s/base/configmap.yaml", "k8s/overlays/gpu/configmap-gpu.yaml", "k8s/base/ingest.yaml")) {
      for (String line : Files.readAllLines(ROOT.resolve(file))) {
        Matcher m = Pattern.compile("^\\s{4}([a-z][a-z0-9.\\-]*)=").matcher(line);
        if (m.find()) {
          used.add(file + ": " + m.group(1));
        }
      }
    }
    for (String file : List.of("docker/stream-app.Dockerfile", "docker/stream-app-cuda.Dockerfile",
        "docker/compose.yaml", "k8s/base/deployment.yaml")) {
      Matcher m = Pattern.compile("EBM_([A-Z0-9_]+)").matcher(Files.readString(ROOT.resolve(file)));
      while (m.find()) {
        used.add(file + ": " + m.group(1).toLowerCase(Locale.ROOT).replace('_', '.'));
      }
    }
    assertThat(used).hasSizeGreaterThan(20);
    assertThat(used).allSatisfy(u -> {
      String key = u.substring(u.indexOf(": ") + 2);
      assertThat(DECLARED.contains(key) || key.startsWith(Settings.KAFKA_PREFIX)).as(u).isTrue();
    });
  }

  @Test
  void everyDeclarationHasAMeaningAndItsDefaultPassesItsOwnCheck() {
    for (Setting<?> s : Settings.ALL) {
      assertThat(s.doc()).as(s.key()).isNotBlank();
      s.defaultValue().ifPresent(v -> assertThat(s.check(v)).as(s.key()).isNull());
    }
    assertThat(DECLARED).hasSize(Settings.ALL.size());
  }
}
