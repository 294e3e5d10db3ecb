package io.ebmperception.schemas.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one owner of a model bundle's layout on disk: its file names and how its manifest is read
 * and written. The trainer writes bundles, the stream app and its benchmarks read them; all of
 * them go through this class, so a file name or the JSON's shape can change in one place (see
 * docs/model-bundle.md).
 *
 * <p>Reading ignores fields this code does not know (a newer trainer may add some); writing
 * indents, so that a person can read a manifest.
 */
public final class BundleLayout {
  /** The manifest's file name. */
  public static final String MANIFEST = "manifest.json";
  /** The per-input graph: x → MDN parameters and the cached x-projection. */
  public static final String INPUT_GRAPH = "input.onnx";
  /** The per-sample graph: (projection, samples) → energies. */
  public static final String ENERGY_GRAPH = "energy.onnx";
  /** The per-sample graph without the cached projection, written only for benchmarks. */
  public static final String NAIVE_ENERGY_GRAPH = "energy-naive.onnx";
  /** Role of the per-input graph in {@link Manifest#graphs()}. */
  public static final String INPUT_ROLE = "input";
  /** Role of the per-sample graph in {@link Manifest#graphs()}. */
  public static final String ENERGY_ROLE = "energy";

  private static final ObjectMapper READER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BundleLayout() {}

  /** The manifest file of the bundle in {@code dir}. */
  public static Path manifestFile(Path dir) {
    return dir.resolve(MANIFEST);
  }

  /** Whether {@code dir} holds a manifest (it may still be broken). */
  public static boolean isBundle(Path dir) {
    return Files.isRegularFile(manifestFile(dir));
  }

  /** The file of the graph with {@code role} in {@code manifest}, or the default file name. */
  public static Path graph(Path dir, Manifest manifest, String role) {
    String fallback = ENERGY_ROLE.equals(role) ? ENERGY_GRAPH : INPUT_GRAPH;
    return dir.resolve(manifest.graphs() == null ? fallback : manifest.graphs().getOrDefault(role, fallback));
  }

  /**
   * Reads the manifest of the bundle in {@code dir}.
   *
   * @throws IllegalArgumentException with a one-line message when there is none or it is not a
   *     manifest
   */
  public static Manifest readManifest(Path dir) {
    Path file = manifestFile(dir);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + " is not a model bundle (no " + MANIFEST + ")");
    }
    try {
      return READER.readValue(file.toFile(), Manifest.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * The version written in the bundle's manifest, read without the rest (cheap enough to poll),
   * or empty when there is no readable manifest.
   */
  public static Optional<String> readVersion(Path dir) throws IOException {
    Path file = manifestFile(dir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode node = READER.readTree(file.toFile());
    String version = node == null ? "" : node.path("version").asText();
    return version.isEmpty() ? Optional.empty() : Optional.of(version);
  }

  /**
   * Writes {@code manifest} into {@code dir} (created if needed) and returns the file. The file is
   * replaced in one rename, so an app polling the folder for a new version never reads half of it.
   */
  public static Path writeManifest(Manifest manifest, Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = manifestFile(dir);
      Path partial = dir.resolve(MANIFEST + ".partial");
      WRITER.writeValue(partial.toFile(), manifest);
      try {
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + manifestFile(dir), e);
    }
  }

  /** The manifest as one line of JSON (for the graphs' metadata). */
  public static String toJson(Manifest manifest) {
    try {
      return READER.writeValueAsString(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
