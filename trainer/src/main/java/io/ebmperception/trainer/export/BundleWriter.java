package io.ebmperception.trainer.export;

import io.ebmperception.schemas.bundle.Manifest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a model bundle: the ONNX graphs of {@link OnnxExporter} and {@code manifest.json}.
 * The manifest's provenance also goes into each ONNX file's metadata.
 */
public final class BundleWriter {
  /** File name of the manifest in a bundle. */
  public static final String MANIFEST = "manifest.json";

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final boolean naiveHead;

  /** A writer of the bundle's two graphs and manifest. */
  public BundleWriter() {
    this(false);
  }

  /**
   * @param naiveHead also write {@value OnnxExporter#NAIVE_ENERGY_GRAPH}, the per-sample graph
   *                  without the cached projection, for benchmarks
   */
  public BundleWriter(boolean naiveHead) {
    this.naiveHead = naiveHead;
  }

  /** Writes the bundle of {@code model} described by {@code manifest} into {@code dir}. */
  public Path write(ProbabilisticRegressor model, Manifest manifest, Path dir) {
    try {
      Files.createDirectories(dir);
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("ebm.name", manifest.name());
      metadata.put("ebm.version", manifest.version());
      metadata.put("ebm.method", manifest.method());
      metadata.put("ebm.task", manifest.task());
      metadata.put("ebm.git_commit", manifest.gitCommit());
      metadata.put("ebm.manifest", json.writeValueAsString(manifest));
      OnnxExporter exporter = new OnnxExporter(manifest.version(), metadata);
      Files.write(dir.resolve(OnnxExporter.INPUT_GRAPH), exporter.inputGraph(model).toByteArray());
      if (model.spec().energy()) {
        Files.write(dir.resolve(OnnxExporter.ENERGY_GRAPH), exporter.energyGraph(model).toByteArray());
        if (naiveHead) {
          Files.write(dir.resolve(OnnxExporter.NAIVE_ENERGY_GRAPH),
              exporter.naiveEnergyGraph(model).toByteArray());
        }
      }
      json.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bundle to " + dir, e);
    }
  }

  /** Reads a manifest back. */
  public static Manifest readManifest(Path dir) {
    try {
      return new ObjectMapper().readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(MANIFEST), e);
    }
  }
}
