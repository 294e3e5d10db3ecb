package io.ebmperception.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies the stream app's tiny test bundle (inside its test jar) to a folder of the test's own. */
final class Bundles {
  private Bundles() {}

  static Path steering16(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String f : new String[] {"manifest.json", "input.onnx", "energy.onnx"}) {
        try (InputStream in = Bundles.class.getResourceAsStream("/bundles/steering-16px/" + f)) {
          if (in == null) {
            throw new IllegalStateException("test bundle file " + f + " missing from the classpath");
          }
          Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites the bundle's manifest with another version, as a newly exported model would. */
  static void bumpVersion(Path dir, String version) {
    try {
      Path manifest = dir.resolve("manifest.json");
      String text = Files.readString(manifest).replaceFirst("\"version\" : \"[^\"]*\"", "\"version\" : \"" + version + "\"");
      Path tmp = dir.resolve("manifest.json.tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
