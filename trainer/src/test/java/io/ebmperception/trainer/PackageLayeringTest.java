package io.ebmperception.trainer;

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
 * The trainer's packages are layers in the order data flows (data → scenes → model → loss → train
 * → eval → export → run → cli): a package imports only from the layers before it, so that, for
 * instance, the losses know no training loop and the exporter knows no run folder.
 */
class PackageLayeringTest {
  private static final List<String> LAYERS = List.of("data", "scenes", "model", "loss", "train", "eval", "export", "run", "cli");
  private static final Pattern IMPORT = Pattern.compile("^import io\\.ebmperception\\.trainer\\.(\\w+)\\.", Pattern.MULTILINE);

  @Test
  void noPackageImportsALaterLayer() throws IOException {
    Path root = Path.of("src", "main", "java", "io", "ebmperception", "trainer");
    assertThat(root).isDirectory();
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = root.relativize(file);
        if (relative.getNameCount() < 2) {
          continue; // nothing lives above the packages
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
  }
}
