package io.ebmperception.trainer.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The feature net h_x = backbone(x) of a model, chosen by name on the command line and recorded in
 * the manifest so that a run folder rebuilds the same network.
 */
public enum Backbone {
  /** Fully connected layers ({@link Architecture#featureWidths()}); images are flattened first. */
  MLP("mlp"),
  /**
   * A small convolutional net for CPUs: four 3×3 convolution + batch norm + ReLU + 2×2 max pooling
   * stages of 16, 32, 64 and 128 channels, the remaining map flattened into a fully connected
   * layer → 128 (position in the image matters for steering and pose).
   */
  CNN("cnn"),
  /**
   * ResNet18 (basic residual units of DJL's basic model zoo) without its classifier, trained from
   * scratch (no weights are downloaded): global average pooling → 512, as in the paper's image
   * experiments.
   */
  RESNET18("resnet18");

  private final String id;

  Backbone(String id) {
    this.id = id;
  }

  /** The name used on the command line and in manifests. */
  public String id() {
    return id;
  }

  /** The backbone called {@code id}; null or empty means {@link #MLP} (bundles written before backbones were recorded). */
  public static Backbone of(String id) {
    if (id == null || id.isEmpty()) {
      return MLP;
    }
    for (Backbone b : values()) {
      if (b.id.equals(id.toLowerCase(Locale.ROOT))) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown backbone '" + id + "'; choose one of "
        + Arrays.stream(values()).map(Backbone::id).toList());
  }
}
