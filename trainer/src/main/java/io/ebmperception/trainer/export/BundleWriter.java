package io.ebmperception.trainer.export;

import io.ebmperception.schemas.bundle.BundleLayout;
import io.ebmperception.schemas.bundle.Manifest;
import io.ebmperception.trainer.model.ProbabilisticRegressor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a model bundle: the ONNX graphs of {@link OnnxExporter} and the manifest, under the
 * file names of {@link BundleLayout}. The manifest's provenance also goes into each ONNX file's
 * metadata.
 */
public final class BundleWriter {
  private final boolean naiveHead;

  /** A writer of the bundle's two graphs and manifest. */
  public BundleWriter() {
    this(false);
  }

  /**
   * @param naiveHead also write {@value BundleLayout#NAIVE_ENERGY_GRAPH}, the per-sample graph
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
      metadata.put("ebm.manifest", BundleLayout.toJson(manifest));
      OnnxExporter exporter = new OnnxExporter(manifest.version(), metadata);
      Files.write(BundleLayout.graph(dir, manifest, BundleLayout.INPUT_ROLE), exporter.inputGraph(model).toByteArray());
      if (model.spec().energy()) {
        Files.write(BundleLayout.graph(dir, manifest, BundleLayout.ENERGY_ROLE),
            exporter.energyGraph(model).toByteArray());
        if (naiveHead) {
          Files.write(dir.resolve(BundleLayout.NAIVE_ENERGY_GRAPH),
              exporter.naiveEnergyGraph(model).toByteArray());
        }
      }
      BundleLayout.writeManifest(manifest, dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bundle to " + dir, e);
    }
  }
}
