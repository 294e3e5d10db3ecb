package io.ebmperception.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that a module's packages are layers: each imports only from the layers listed before it,
 * and every package has its place in the list. Each module's {@code PackageLayeringTest} names its
 * own order; this is the one check behind them.
 */
public final class PackageLayers {
  private PackageLayers() {}

  /**
   * Asserts the layering of the module whose sources are under {@code src/main/java/<base as path>}.
   *
   * @param basePackage the module's root package, e.g. {@code io.ebmperception.trainer}
   * @param layers      its packages below that root, in the order data flows
   */
  public static void assertLayered(String basePackage, List<String> layers) {
    Path root = Path.of("src", "main", "java").resolve(basePackage.replace('.', '/'));
    assertThat(root).isDirectory();
    Pattern imports = Pattern.compile("^import " + Pattern.quote(basePackage) + "\\.(\\w+)\\.", Pattern.MULTILINE);
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = root.relativize(file);
        if (relative.getNameCount() < 2) {
          continue; // the module's entry points wire everything
        }
        String layer = relative.getName(0).toString();
        Matcher m = imports.matcher(Files.readString(file));
        while (m.find()) {
          String imported = m.group(1);
          if (layers.contains(layer) && layers.contains(imported) && layers.indexOf(imported) > layers.indexOf(layer)) {
            violations.add(relative + " imports " + imported);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(violations).as("imports of a later layer").isEmpty();
    try (Stream<Path> packages = Files.list(root)) {
      assertThat(packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList())
          .as("every package has its place among the layers " + layers).allMatch(layers::contains);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
