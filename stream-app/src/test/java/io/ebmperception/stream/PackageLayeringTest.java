package io.ebmperception.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The app's packages are layers in the order data flows (probe → replay → camera → recording →
 * report → vision → inference → topology → ops → cli): a package imports only from the layers
 * before it, so that, for instance, the topology knows no metrics library and no recording or
 * replay, and the edges (replay, cameras, recording, reports) know no app wiring.
 */
class PackageLayeringTest {
  private static final List<String> LAYERS = List.of("probe", "replay", "camera", "recording", "report", "vision",
      "inference", "topology", "ops", "cli");
  private static final Pattern IMPORT = Pattern.compile("^import io\\.ebmperception\\.stream\\.(\\w+)\\.", Pattern.MULTILINE);

  @Test
  void noPackageImportsALaterLayer() throws IOException {
    Path root = Path.of("src", "main", "java", "io", "ebmperception", "stream");
    assertThat(root).isDirectory();
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = root.relativize(file);
        if (relative.getNameCount() < 2) {
          continue; // StreamApp wires everything
        }
        String layer = relative.getName(0).toString();
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String imported = m.group(1);
          if (LAYERS.contains(layer) && LAYERS.contains(imported)
              && LAYERS.indexOf(imported) > LAYERS.indexOf(layer)) {
            violations.add(relative + " imports " + imported);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
    try (Stream<Path> packages = Files.list(root)) {
      assertThat(packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList())
          .as("every package of the app has its place among the layers").allMatch(LAYERS::contains);
    }
  }
}
