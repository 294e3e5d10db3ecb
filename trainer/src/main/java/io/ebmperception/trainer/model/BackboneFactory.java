package io.ebmperception.trainer.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * Makes a fresh feature net h_x = backbone(x) for a model; called once per feature net, so the
 * stand-alone MDN gets its own.
 */
@FunctionalInterface
public interface BackboneFactory {
  /** A new, uninitialised feature net for inputs of {@code spec.inputShape()}. */
  Block create(ModelSpec spec);

  /**
   * Fully connected layers of {@code architecture().featureWidths()} with ReLU after each; inputs
   * of rank above one (images) are flattened first.
   */
  static BackboneFactory mlp() {
    return spec -> {
      SequentialBlock net = new SequentialBlock();
      if (spec.inputShape().length > 1) {
        net.add(Mlp.flatten());
      }
      return net.addAll(Mlp.of(spec.architecture().featureWidths(), true).getChildren().values());
    };
  }
}
