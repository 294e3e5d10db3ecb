package io.ebmperception.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebmperception.ingest.IngestSettings;
import io.ebmperception.runtime.config.Setting;
import io.ebmperception.runtime.config.SharedSettings;
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
 * The settings are declared once ({@link Settings} for the app, {@link IngestSettings} for the
 * camera edge, {@link SharedSettings} for both); every other place that names them is checked
 * against the declarations: the settings table of docs/operations.md names every setting and no
 * other, and the k8s config maps, the Dockerfiles, the compose file and the deployments set only
 * keys their process declares (or {@code kafka.*}).
 */
class SettingsTableTest {
  private static final Path ROOT = Path.of("..");
  private static final Set<String> DECLARED = keys(Settings.ALL);
  private static final Set<String> INGEST = keys(IngestSettings.ALL);

  private static Set<String> keys(List<Setting<?>> table) {
    return new TreeSet<>(table.stream().map(Setting::key).toList());
  }

  @Test
  void ingestsTableIsPartOfTheApps() { // the app's demo runs ingest in-process
    assertThat(DECLARED).containsAll(INGEST);
  }

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
    List<String> usedByIngest = new ArrayList<>();
    for (String file : List.of("k8s/base/configmap.yaml", "k8s/overlays/gpu/configmap-gpu.yaml", "k8s/base/ingest.yaml")) {
      for (String line : Files.readAllLines(ROOT.resolve(file))) {
        Matcher m = Pattern.compile("^\\s{4}([a-z][a-z0-9.\\-]*)=").matcher(line);
        if (m.find()) {
          (file.endsWith("ingest.yaml") ? usedByIngest : used).add(file + ": " + m.group(1));
        }
      }
    }
    for (String file : List.of("docker/stream-app.Dockerfile", "docker/stream-app-cuda.Dockerfile",
        "docker/compose.yaml", "k8s/base/deployment.yaml", "docker/ingest.Dockerfile")) {
      Matcher m = Pattern.compile("EBM_([A-Z0-9_]+)").matcher(Files.readString(ROOT.resolve(file)));
      while (m.find()) {
        (file.contains("ingest") ? usedByIngest : used).add(file + ": "
            + m.group(1).toLowerCase(Locale.ROOT).replace('_', '.'));
      }
    }
    assertThat(used).hasSizeGreaterThan(20);
    assertThat(usedByIngest).hasSizeGreaterThan(5);
    assertThat(used).allSatisfy(u -> assertThat(declaredIn(DECLARED, u)).as(u).isTrue());
    assertThat(usedByIngest).allSatisfy(u -> assertThat(declaredIn(INGEST, u)).as(u + " (an ingest setting)").isTrue());
  }

  private static boolean declaredIn(Set<String> keys, String use) {
    String key = use.substring(use.indexOf(": ") + 2);
    return keys.contains(key) || key.startsWith(SharedSettings.KAFKA_PREFIX);
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
