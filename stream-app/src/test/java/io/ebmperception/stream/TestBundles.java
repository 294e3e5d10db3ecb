package io.ebmperception.stream;

import io.ebmperception.stream.inference.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The tiny steering bundle under src/test/resources/bundles (16 px input, a few kB of ONNX), loaded
 * or copied to a folder of a test's own (the copy works from this module's test jar too, which the
 * integration tests use).
 */
public final class TestBundles {
  private static final String STEERING16 = "/bundles/steering-16px/";

  private TestBundles() {}

  /** The bundle, loaded. */
  public static ModelBundle steering16() {
    try {
      return ModelBundle.load(Path.of(TestBundles.class.getResource(STEERING16).toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bundle's files copied into {@code dir}, which is returned. */
  public static Path steering16(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String f : new String[] {"manifest.json", "input.onnx", "energy.onnx"}) {
        try (InputStream in = TestBundles.class.getResourceAsStream(STEERING16 + f)) {
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

  /**
   * The bundle's files copied into {@code dir} as a model of another task: its manifest names
   * {@code task}, {@code name} and the target {@code targetName} (the graphs are the steering ones;
   * frames of any task have the same pixels here). For tests of several models in one app.
   */
  public static Path forTask(Path dir, String task, String name, String targetName) {
    steering16(dir);
    rewriteManifest(dir, text -> text.replaceFirst("\"task\" : \"[^\"]*\"", "\"task\" : \"" + task + "\"")
        .replaceFirst("\"name\" : \"[^\"]*\"", "\"name\" : \"" + name + "\"")
        .replaceFirst("\"names\" : \\[ \"[^\"]*\" \\]", "\"names\" : [ \"" + targetName + "\" ]"));
    return dir;
  }

  /** Rewrites the bundle's manifest in {@code dir} with another version, as a newly exported model would. */
  public static void bumpVersion(Path dir, String version) {
    rewriteManifest(dir, text -> text.replaceFirst("\"version\" : \"[^\"]*\"", "\"version\" : \"" + version + "\""));
  }

  /** Replaces the manifest in {@code dir} at once (never half-written) with {@code edit} of its text. */
  private static void rewriteManifest(Path dir, java.util.function.UnaryOperator<String> edit) {
    try {
      Path manifest = dir.resolve("manifest.json");
      String text = edit.apply(Files.readString(manifest));
      Path tmp = dir.resolve("manifest.json.tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
