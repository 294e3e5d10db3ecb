package io.ebmperception.stream.inference;

import io.ebmperception.schemas.bundle.BundleLayout;
import io.ebmperception.schemas.bundle.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model bundle on disk (see docs/model-bundle.md): the manifest and the paths of its ONNX
 * graphs, checked to be servable by importance sampling.
 *
 * @param dir      the bundle folder
 * @param manifest its parsed manifest
 */
public record ModelBundle(Path dir, Manifest manifest) {

  /**
   * Reads and checks a bundle; every problem is an {@link IllegalArgumentException} with a
   * one-line message naming the bundle.
   */
  public static ModelBundle load(Path dir) {
    Manifest manifest = BundleLayout.readManifest(dir);
    Path file = BundleLayout.manifestFile(dir);
    if (!Manifest.FORMAT.equals(manifest.format())) {
      throw new IllegalArgumentException(file + ": format '" + manifest.format() + "', this app reads "
          + Manifest.FORMAT);
    }
    if (!manifest.hasEnergy() || !manifest.hasProposal()) {
      throw new IllegalArgumentException(dir + ": method " + manifest.method() + " has no "
          + (manifest.hasEnergy() ? "learned proposal" : "EBM")
          + "; serving needs both (train with nce+kl, ml-is+kl or mdn-teacher)");
    }
    ModelBundle bundle = new ModelBundle(dir, manifest);
    for (Path graph : new Path[] {bundle.inputGraph(), bundle.energyGraph()}) {
      if (!Files.isRegularFile(graph)) {
        throw new IllegalArgumentException(dir + ": missing " + graph.getFileName());
      }
    }
    return bundle;
  }

  public Path inputGraph() {
    return BundleLayout.graph(dir, manifest, BundleLayout.INPUT_ROLE);
  }

  public Path energyGraph() {
    return BundleLayout.graph(dir, manifest, BundleLayout.ENERGY_ROLE);
  }

  /** Floats in one model input. */
  public int inputSize() {
    long n = 1;
    for (long d : manifest.input().shape()) {
      n *= d;
    }
    return (int) n;
  }

  /** D. */
  public int targetDim() {
    return manifest.targetDim();
  }

  /** K. */
  public int components() {
    return manifest.components();
  }
}
